using Vacancies.Boards;
using Vacancies.Boards.Hse;

namespace Vacancies.Boards.Tests.Hse;

public class HseParserTests
{
    private const string Board = "hse";
    private const string ChiefPage = "job-chief-clinical-perfusionist-chi-at-crumlin-chi26-0601.html";
    private const string ChiefSlug = "chief-clinical-perfusionist-chi-at-crumlin-chi26-0601";
    private const string MaterPage = "job-senior-clinical-perfusionist-mater-misericordiae-university-hospital-mmuh26-0390.html";

    private readonly HseParser parser = new();

    public static TheoryData<string> Pages => FixturePages.WithExpected(Board);

    // servedFrom stays null so job pages are identified through their App Router payload.
    [Theory]
    [MemberData(nameof(Pages))]
    public void Parses_each_fixture_page_as_expected(string page) => FixturePages.AssertParsesAsExpected(parser, Board, page);

    [Theory]
    [InlineData(ChiefPage, "https://about.hse.ie/jobs/job-search/" + ChiefSlug + "/")]
    [InlineData(ChiefPage, "http://localhost:5081/stand-in/hse/jobs/job-search/" + ChiefSlug + "/")]
    [InlineData(MaterPage, "https://about.hse.ie/jobs/job-search/senior-clinical-perfusionist-mater-misericordiae-university-hospital-mmuh26-0390/")]
    public void A_job_page_reads_the_same_given_the_address_it_was_served_from(string page, string servedFrom) =>
        FixturePages.AssertParsesAsExpected(parser, Board, page, new Uri(servedFrom));

    [Fact]
    public void The_served_address_identifies_a_job_page_without_a_payload()
    {
        var html = WithoutPayload(FixturePages.Read(Board, ChiefPage));

        var vacancy = Assert.Single(parser.Parse(html, new Uri($"https://about.hse.ie/jobs/job-search/{ChiefSlug}/")).Vacancies);

        Assert.Equal(ChiefSlug, vacancy.SourceRef);
        Assert.Equal($"https://about.hse.ie/jobs/job-search/{ChiefSlug}/", vacancy.Url);
    }

    [Fact]
    public void A_job_page_with_neither_address_nor_payload_cannot_be_identified() =>
        Assert.Throws<PageFormatException>(() => parser.Parse(WithoutPayload(FixturePages.Read(Board, ChiefPage))));

    [Fact]
    public void The_served_address_wins_over_the_payload()
    {
        var vacancy = Assert.Single(parser.Parse(FixturePages.Read(Board, ChiefPage), new Uri("https://about.hse.ie/jobs/job-search/renamed-slug/")).Vacancies);

        Assert.Equal("renamed-slug", vacancy.SourceRef);
    }

    [Fact]
    public void A_payload_row_split_across_two_pushes_still_yields_the_slug()
    {
        var html = FixturePages.Read(Board, ChiefPage).Replace(
            "[\\\"slug\\\",\\\"chief-clinical",
            "[\\\"slug\\\",\\\"chief-\"])</script><script>self.__next_f.push([1,\"clinical",
            StringComparison.Ordinal);
        Assert.Contains("\\\"chief-\"])", html, StringComparison.Ordinal);

        Assert.Equal(ChiefSlug, Assert.Single(parser.Parse(html).Vacancies).SourceRef);
    }

    [Fact]
    public void A_confined_competition_is_an_internal_perfusion_post_still_parsed_in_full()
    {
        var listing = parser.Parse(FixturePages.Read(Board, "listing-p1.html"));
        var card = listing.Vacancies.Single(v => v.SourceRef == ChiefSlug);
        var advert = Assert.Single(parser.Parse(FixturePages.Read(Board, ChiefPage)).Vacancies);

        foreach (var vacancy in new[] { card, advert })
        {
            Assert.Equal(Audience.Internal, vacancy.Audience);
            Assert.True(vacancy.IsPerfusion);
            Assert.Equal(Grade.Chief, vacancy.Grade);
        }

        Assert.All(listing.Vacancies.Where(v => v.SourceRef != ChiefSlug), v => Assert.Equal(Audience.Public, v.Audience));
    }

    [Fact]
    public void A_title_keeps_its_trailing_competition_reference()
    {
        var listing = parser.Parse(FixturePages.Read(Board, "listing-p1.html"));

        Assert.Contains(listing.Vacancies, v => v.Title == "Porter - University Hospital Limerick MW26-1120");
        Assert.Contains(listing.Vacancies, v => v.Title == "Home Support Worker - Cavan");
    }

    [Fact]
    public void The_listing_shows_no_employer_salary_or_closing_date_and_its_location_is_the_county()
    {
        var vacancy = parser.Parse(FixturePages.Read(Board, "listing-p1.html")).Vacancies[0];

        Assert.Null(vacancy.Employer);
        Assert.Equal(Salary.None, vacancy.Salary);
        Assert.Null(vacancy.ClosesOn);
        Assert.Equal("Dublin North", vacancy.Location);
        Assert.Null(vacancy.Postcode);
        Assert.Null(vacancy.Band);
        Assert.Null(vacancy.Advert);
    }

    [Theory]
    [InlineData("2026-07-30T00:30:00+01:00", "2026-07-30")]
    [InlineData("2026-11-25T23:30:00+00:00", "2026-11-25")]
    [InlineData("2026-12-01T09:00:00Z", "2026-12-01")]
    public void The_posting_date_is_the_date_as_written_without_zone_conversion(string stamp, string expected)
    {
        var html = Listing(Card("staff-nurse-limerick-hsemw25926", "Staff Nurse - Limerick HSEMW25926", $"Date posted: <time dateTime=\"{stamp}\">whenever</time>"));

        Assert.Equal(DateOnly.Parse(expected), Assert.Single(parser.Parse(html).Vacancies).PostedOn);
    }

    [Fact]
    public void Labels_are_read_by_name_in_any_order_and_markup()
    {
        var html = Listing(
            """
            <li class="hse-listing__item"><div><h2><a class="hse-listing__link" href="/jobs/job-search/clinical-perfusionist-all-hse26-0001/">Clinical Perfusionist HSE26-0001</a></h2>
            <dl><div><span>Advertisement Type:</span> <span>Open competition</span></div><div><span>County:</span>&#160;All</div></dl>
            <p>Posted: <time dateTime="2026-10-01T10:00:00+01:00">1 October 2026</time></p></div></li>
            """);

        var vacancy = Assert.Single(parser.Parse(html).Vacancies);

        Assert.Equal("All", vacancy.Location);
        Assert.Equal(Audience.Public, vacancy.Audience);
        Assert.Equal(new DateOnly(2026, 10, 1), vacancy.PostedOn);
        Assert.Equal(Grade.Clinical, vacancy.Grade);
    }

    [Fact]
    public void A_vacancy_whose_advertisement_type_is_missing_or_unknown_fails_loudly()
    {
        var missing = Listing(Card("porter-cork", "Porter - Cork", "Date posted: 1 October 2026", advertisementType: null));
        var unknown = Listing(Card("porter-cork", "Porter - Cork", "Date posted: 1 October 2026", advertisementType: "Expression of interest"));

        Assert.Throws<PageFormatException>(() => parser.Parse(missing));
        Assert.Throws<PageFormatException>(() => parser.Parse(unknown));
    }

    [Fact]
    public void A_salary_without_per_annum_has_no_period()
    {
        var vacancy = Assert.Single(parser.Parse(FixturePages.Read(Board, "job-trainee-clinical-perfusionist-cork-university-hospital-cuh26-0417.html")).Vacancies);

        Assert.Equal(41520m, vacancy.Salary.Min);
        Assert.Equal("EUR", vacancy.Salary.Currency);
        Assert.Null(vacancy.Salary.Period);
    }

    [Fact]
    public void A_page_past_the_end_states_the_total_and_lists_nothing()
    {
        var page = parser.Parse(FixturePages.Read(Board, "listing-p236-past-end.html"), new Uri("https://about.hse.ie/jobs/job-search/?page=236"));

        Assert.Equal(2341, page.TotalResults);
        Assert.Null(page.NextPage);
        Assert.Empty(page.Vacancies);
    }

    [Fact]
    public void An_empty_page_inside_the_stated_total_fails_loudly() =>
        Assert.Throws<PageFormatException>(() => parser.Parse(FixturePages.Read(Board, "listing-p236-past-end.html"), new Uri("https://about.hse.ie/jobs/job-search/?page=3")));

    [Fact]
    public void A_listing_whose_cards_changed_markup_fails_loudly()
    {
        var html = FixturePages.Read(Board, "listing-p1.html").Replace("hse-listing__item", "hse-card", StringComparison.Ordinal);

        Assert.Throws<PageFormatException>(() => parser.Parse(html));
    }

    [Fact]
    public void A_listing_that_links_onward_but_lists_nothing_fails_loudly()
    {
        var html = Listing(string.Empty, next: true);

        Assert.Throws<PageFormatException>(() => parser.Parse(html));
    }

    [Fact]
    public void A_card_without_a_job_link_fails_loudly()
    {
        var html = FixturePages.Read(Board, "listing-p1.html").Replace("href=\"/jobs/job-search/porter-university-hospital-limerick-mw26-1120/\"", "href=\"#\"", StringComparison.Ordinal);

        Assert.Throws<PageFormatException>(() => parser.Parse(html));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not html at all \u0000\u0001 {]")]
    [InlineData("<html><body><main><h1>Page not found</h1><p>Sorry.</p></main></body></html>")]
    [InlineData("{\"jobs\": []}")]
    public void A_page_that_is_neither_listing_nor_job_page_fails_loudly(string content) =>
        Assert.Throws<PageFormatException>(() => parser.Parse(content));

    [Theory]
    [MemberData(nameof(Pages))]
    public void A_truncated_page_never_throws_anything_but_a_page_format_exception(string page) =>
        Robustness.EveryTruncation(parser, FixturePages.Read(Board, page));

    [Fact]
    public void Paths_are_on_the_real_host()
    {
        Assert.Equal(new Uri("https://about.hse.ie"), HseParser.RealHost);
        Assert.Equal("/jobs/job-search/?page=2", HseParser.ListingPath(2));
        Assert.Equal("hse", parser.Source);
    }

    private static string WithoutPayload(string html) =>
        html.Replace("[\\\"slug\\\",\\\"" + ChiefSlug + "\\\",\\\"d\\\"]", "\\\"" + ChiefSlug + "\\\"", StringComparison.Ordinal);

    private static string Card(string slug, string title, string dateLine, string? advertisementType = "Open competition") =>
        $"""
        <li class="hse-listing__item"><div class="hse-listing__content"><h2 class="hse-listing__title"><a class="hse-listing__link" href="/jobs/job-search/{slug}/">{title}</a></h2>
        <ul class="hse-listing__meta"><li class="hse-listing__meta-item">County: Limerick</li>{(advertisementType is null ? string.Empty : $"<li class=\"hse-listing__meta-item\">Advertisement Type: {advertisementType}</li>")}</ul>
        <p class="hse-listing__date">{dateLine}</p></div></li>
        """;

    private static string Listing(string cards, bool next = false) =>
        $"""
        <!DOCTYPE html><html lang="en"><head><title>Job search - HSE.ie</title></head><body><main class="hse-main-wrapper" id="maincontent">
        <h1 class="hse-heading-xl">Job search</h1><p class="hse-body-reg hse-job-search__count">2,341 jobs</p>
        <ol class="hse-listing">{cards}</ol>
        {(next ? "<nav class=\"hse-pagination\"><a class=\"hse-pagination__link hse-pagination__link--next\" href=\"/jobs/job-search/?page=2\">Next</a></nav>" : string.Empty)}
        </main></body></html>
        """;
}
