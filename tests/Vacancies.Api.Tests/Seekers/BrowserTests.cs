using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Vacancies.Chiefs;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Seekers;

/// <summary>The web page in headless Chromium: search, a unit, a vacancy; screenshots under the test output.</summary>
public sealed class BrowserTests(DatabaseFixture database) : DatabaseTest(database)
{
    private BrowserHost host = null!;
    private List<long> ids = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        ids = await VacancyData.InsertAsync(Database.DataSource,
            new Post { Title = "Trainee Clinical Perfusion Scientist", Grade = "trainee", Unit = "wythenshawe-hospital", ClosesInDays = 5 },
            new Post { Title = "Senior Clinical Perfusionist", Grade = "senior", Band = "8a", Unit = "royal-infirmary-of-edinburgh", Country = "scotland", Employer = "NHS Lothian", Location = "Edinburgh", Postcode = "EH16 4SA", Source = "nhs-scotland", ClosesInDays = 20, ContactName = "Sam Lothian", ContactEmail = "sam@lothian.example" },
            new Post { Title = "Trainee Perfusionist", Grade = "trainee", Unit = "st-bartholomews-hospital", Employer = "Barts Health NHS Trust", Location = "London", ClosesInDays = 12, ContactName = "Chris Barts", ContactEmail = "chris@barts.example" },
            new Post { Title = "Closed post", Status = "closed" });
        host = await BrowserHost.StartAsync(Database);
    }

    public override async Task DisposeAsync()
    {
        Assert.Empty(host.OffHostRequests);
        await host.DisposeAsync();
        await base.DisposeAsync();
    }

    private static ILocator Cards(IPage page) => page.Locator("#results .vacancy-card");

    [Fact]
    public async Task Search_filters_and_sorts_by_closing_date_with_days_left()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(3);
        Assert.Equal(["Trainee Clinical Perfusion Scientist", "Trainee Perfusionist", "Senior Clinical Perfusionist"],
            await page.Locator("#results .vacancy-card h2").AllInnerTextsAsync());
        await Assertions.Expect(Cards(page).First).ToContainTextAsync("(5 days left)");
        await Assertions.Expect(Cards(page).First.GetByRole(AriaRole.Link, new() { Name = "Original advert" }))
            .ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^https://nhs-jobs.example/advert/"));
        await BrowserHost.ScreenshotAsync(page, "search");

        // The controls are found by their labels, as a screen reader user finds them.
        await page.Locator("#search-form").GetByLabel("Country").SelectOptionAsync("scotland");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(1);
        await Assertions.Expect(Cards(page).First).ToContainTextAsync("Senior Clinical Perfusionist");
        Assert.Contains("country=scotland", page.Url, StringComparison.Ordinal);

        await page.Locator("#search-form").GetByLabel("Country").SelectOptionAsync("");
        await page.GetByLabel("Training posts only").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#atom-link")).ToHaveAttributeAsync("href", "/vacancies.atom?training=true");

        // Keyboard only: type a keyword and press Enter.
        await page.GetByLabel("Training posts only").UncheckAsync();
        await page.GetByLabel("Keyword").FocusAsync();
        await page.Keyboard.TypeAsync("lothian");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#results-summary")).ToHaveTextAsync("1 open vacancy, soonest closing first.");
    }

    [Fact]
    public async Task Near_me_uses_the_browsers_location()
    {
        // Manchester: Wythenshawe is within 100 km, London and Edinburgh are not.
        var page = await host.NewPageAsync(location: (53.4808, -2.2426));
        await page.GotoAsync("/");
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(3);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use my location" }).ClickAsync();
        await Assertions.Expect(page.Locator("#near-status")).ToContainTextAsync("Location found");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(1);
        await Assertions.Expect(Cards(page).First).ToContainTextAsync("Wythenshawe");
    }

    [Fact]
    public async Task A_unit_shows_its_facts_contact_and_open_posts()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Perfusion units" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Perfusion units", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#units .unit-card")).ToHaveCountAsync(54);

        await page.Locator("#units-form").GetByLabel("Country").SelectOptionAsync("england");
        await page.GetByLabel("Name, employer or city").FillAsync("barts");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter units" }).ClickAsync();
        await Assertions.Expect(page.Locator("#units .unit-card")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#units .unit-card")).ToContainTextAsync("1 open post");
        await BrowserHost.ScreenshotAsync(page, "units");

        await page.GetByRole(AriaRole.Link, new() { Name = "St Bartholomew's Hospital (Barts Heart Centre)" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("St Bartholomew's Hospital (Barts Heart Centre)");
        // Barts' region came from no source: shown, but marked unconfirmed.
        var region = page.Locator("dt:text-is('Region') + dd");
        await Assertions.Expect(region).ToContainTextAsync("London");
        await Assertions.Expect(region.Locator(".unconfirmed")).ToHaveTextAsync("unconfirmed");
        await Assertions.Expect(page.Locator("dt:text-is('Employer') + dd .unconfirmed")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#unit-contact")).ToContainTextAsync("informal visit");
        await Assertions.Expect(page.Locator("#unit-contact")).ToContainTextAsync("chris@barts.example");
        await Assertions.Expect(page.Locator("#unit-posts .vacancy-card")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#unit-posts")).ToContainTextAsync("Trainee Perfusionist");
        await BrowserHost.ScreenshotAsync(page, "unit");
    }

    [Fact]
    public async Task A_vacancy_opens_on_its_own_page_with_its_structured_data()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Senior Clinical Perfusionist" }).ClickAsync();
        await page.WaitForURLAsync($"**/vacancies/{ids[1]}/page");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Senior Clinical Perfusionist");
        await Assertions.Expect(page.Locator(".status")).ToHaveTextAsync("Open: 20 days left");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Read the advert on NHS Scotland Jobs" })).ToBeVisibleAsync();
        var jsonLd = JsonNode.Parse(await page.Locator("script[type='application/ld+json']").TextContentAsync() ?? "")!;
        Assert.Equal("JobPosting", (string)jsonLd["@type"]!);
        Assert.Equal("NHS Lothian", (string)jsonLd["hiringOrganization"]!["name"]!);
        await BrowserHost.ScreenshotAsync(page, "vacancy");

        // Readable on a phone: nothing wider than the screen.
        var phone = await host.NewPageAsync(width: 375, height: 740);
        await phone.GotoAsync($"/vacancies/{ids[1]}/page");
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await BrowserHost.ScreenshotAsync(phone, "vacancy-phone");
        await phone.GotoAsync("/");
        await Assertions.Expect(phone.Locator("#results .vacancy-card")).ToHaveCountAsync(3);
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await BrowserHost.ScreenshotAsync(phone, "search-phone");
    }

    [Fact]
    public async Task A_chief_manages_the_unit_and_job_seekers_see_it_with_hostile_text_inert()
    {
        var issued = await new ApiTokens(Database.DataSource)
            .IssueAsync("royal-papworth-hospital", "Chief of Papworth", null, "test", CancellationToken.None);
        var page = await host.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };

        await page.GotoAsync("/manage.html#royal-papworth-hospital");
        await page.GetByLabel("Token").FillAsync(issued!.Token);
        await page.GetByLabel("Unit (its slug, e.g. royal-papworth-hospital)").FillAsync("royal-papworth-hospital");
        await page.GetByRole(AriaRole.Button, new() { Name = "Load unit" }).ClickAsync();
        await Assertions.Expect(page.Locator("#unit-name")).ToContainTextAsync("Royal Papworth Hospital");

        await page.Locator("#contact-name").FillAsync("Pat Example");
        await page.Locator("#contact-email").FillAsync("pat.example@nhs.example");
        await page.GetByLabel("Informal visits").FillAsync("Email Pat to arrange a visit <script>alert(1)</script><img src=x onerror=alert(2)>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Saved");
        await BrowserHost.ScreenshotAsync(page, "manage");

        var seeker = await host.NewPageAsync();
        await seeker.GotoAsync("/#/units/royal-papworth-hospital");
        var contact = seeker.Locator("#unit-contact");
        await Assertions.Expect(contact).ToContainTextAsync("pat.example@nhs.example");
        await Assertions.Expect(contact).ToContainTextAsync("<script>alert(1)</script>");
        await Assertions.Expect(contact.Locator("script, img")).ToHaveCountAsync(0);
        await Assertions.Expect(contact.GetByRole(AriaRole.Link, new() { Name = "Atom feed for this unit" })).ToBeVisibleAsync();
        await BrowserHost.ScreenshotAsync(seeker, "unit-managed");
        Assert.Equal(0, dialogs);
    }
}
