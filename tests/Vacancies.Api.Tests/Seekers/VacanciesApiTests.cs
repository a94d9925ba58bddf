using System.Net;
using System.Text.Json.Nodes;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Seekers;

public sealed class VacanciesApiTests(DatabaseFixture database) : ApiTest(database)
{
    private Task<List<long>> InsertAsync(params Post[] posts) => VacancyData.InsertAsync(Database.DataSource, posts);

    private static List<long> Ids(JsonNode list) => list["items"]!.AsArray().Select(i => (long)i!["id"]!).ToList();

    private async Task<List<long>> IdsAsync(string url) => Ids(await GetJsonAsync(url));

    [Fact]
    public async Task An_item_carries_the_contract_fields()
    {
        var today = VacancyData.UkToday;
        var id = await InsertAsync(new Post { SourceRef = "C1-1", AlsoOn = ["hsc-ni"] });

        var list = await GetJsonAsync("/vacancies");
        Assert.Equal(1, (int)list["count"]!);
        Assert.Null(list["nextCursor"]);
        var item = list["items"]![0]!;
        Assert.Equal(id[0], (long)item["id"]!);
        Assert.Equal("Trainee Clinical Perfusion Scientist", (string)item["title"]!);
        Assert.Equal(("trainee", "6"), ((string)item["grade"]!, (string)item["band"]!));
        Assert.Equal("wythenshawe-hospital", (string)item["unit"]!["slug"]!);
        Assert.Equal("Wythenshawe Hospital", (string)item["unit"]!["name"]!);
        Assert.Equal("Manchester University NHS Foundation Trust", (string)item["employer"]!);
        Assert.Equal("Wythenshawe Hospital, Manchester", (string)item["location"]!);
        Assert.Equal("england", (string)item["country"]!);
        var salary = item["salary"]!;
        Assert.Equal((37338m, 44962m, "GBP", "year", "£37,338 to £44,962 a year"),
            ((decimal)salary["min"]!, (decimal)salary["max"]!, (string)salary["currency"]!, (string)salary["period"]!, (string)salary["text"]!));
        Assert.Equal(("Permanent", "Full time"), ((string)item["contractType"]!, (string)item["workingPattern"]!));
        Assert.Equal(today.AddDays(-3).ToString("yyyy-MM-dd"), (string)item["postedOn"]!);
        Assert.Equal(today.AddDays(14).ToString("yyyy-MM-dd"), (string)item["closesOn"]!);
        Assert.Equal(14, (int)item["daysLeft"]!);
        Assert.Equal("open", (string)item["status"]!);
        var listings = item["listings"]!.AsArray();
        Assert.Equal(["nhs-jobs", "hsc-ni"], listings.Select(l => (string)l!["source"]!));
        Assert.Equal("C1-1", (string)listings[0]!["sourceRef"]!);
        Assert.Equal("https://nhs-jobs.example/advert/C1-1", (string)listings[0]!["url"]!);
        Assert.True(DateTime.TryParse((string)item["firstSeenAt"]!, out _));
        Assert.True(DateTime.TryParse((string)item["lastSeenAt"]!, out _));
        Assert.Null(item["description"]);
    }

    [Fact]
    public async Task Only_publicly_open_posts_by_default_and_closed_ones_on_request_but_never_internal_ones()
    {
        var ids = await InsertAsync(
            new Post { Title = "Open" },
            new Post { Title = "Closed", Status = "closed" },
            new Post { Title = "Past its closing date", ClosesInDays = -1 },
            new Post { Title = "Closes today", ClosesInDays = 0 },
            new Post { Title = "Internal", Audience = "internal" },
            new Post { Title = "No closing date", ClosesInDays = null });

        Assert.Equal([ids[3], ids[0], ids[5]], await IdsAsync("/vacancies"));
        var all = await GetJsonAsync("/vacancies?includeClosed=true");
        Assert.Equal([ids[2], ids[3], ids[0], ids[1], ids[5]], Ids(all));
        var statuses = all["items"]!.AsArray().ToDictionary(i => (long)i!["id"]!, i => ((string)i!["status"]!, (int?)i["daysLeft"]));
        Assert.Equal(("closed", null), statuses[ids[1]]);
        Assert.Equal(("closed", null), statuses[ids[2]]);
        Assert.Equal(("open", 0), statuses[ids[3]]);
        Assert.Equal(("open", null), statuses[ids[5]]);
    }

    [Fact]
    public async Task Filters_narrow_the_search()
    {
        var ids = await InsertAsync(
            new Post { Title = "Trainee Clinical Perfusion Scientist", Grade = "trainee", PostedDaysAgo = 2, ClosesInDays = 5 },
            new Post { Title = "Senior Clinical Perfusionist", Grade = "senior", Unit = "royal-infirmary-of-edinburgh", Country = "scotland", Employer = "NHS Lothian", Source = "nhs-scotland", PostedDaysAgo = 20, ClosesInDays = 10 },
            new Post { Title = "Clinical Perfusionist", Grade = "clinical", Unit = "cork-university-hospital", Country = "ireland", Employer = "HSE South West", Source = "hse", Currency = "EUR", PostedDaysAgo = 40, ClosesInDays = 30, Description = "ECMO retrieval service" },
            new Post { Title = "Chief Perfusionist", Grade = "chief", Unit = null, Country = "wales", Employer = "Some Health Board", Source = "nhs-jobs", AlsoOn = ["direct"], PostedDaysAgo = null, ClosesInDays = null });
        var today = VacancyData.UkToday;

        Assert.Equal([ids[0]], await IdsAsync("/vacancies?grade=trainee"));
        Assert.Equal([ids[0]], await IdsAsync("/vacancies?training=true"));
        Assert.Equal(4, (await IdsAsync("/vacancies?training=false")).Count);
        Assert.Empty(await IdsAsync("/vacancies?training=true&grade=senior"));
        Assert.Equal([ids[1], ids[3]], await IdsAsync("/vacancies?grade=senior&grade=chief"));
        Assert.Equal([ids[1], ids[2]], await IdsAsync("/vacancies?grade=senior,CLINICAL"));
        Assert.Equal([ids[1]], await IdsAsync("/vacancies?country=scotland"));
        Assert.Equal([ids[1], ids[2]], await IdsAsync("/vacancies?country=scotland&country=ireland"));
        Assert.Equal([ids[3]], await IdsAsync("/vacancies?country=wales"));
        Assert.Equal([ids[0]], await IdsAsync("/vacancies?region=north%20west"));
        Assert.Equal([ids[2]], await IdsAsync("/vacancies?unit=cork-university-hospital"));
        Assert.Equal([ids[0], ids[2]], await IdsAsync("/vacancies?unit=cork-university-hospital&unit=wythenshawe-hospital"));
        Assert.Equal([ids[2]], await IdsAsync("/vacancies?source=hse"));
        Assert.Equal([ids[3]], await IdsAsync("/vacancies?source=direct"));
        Assert.Equal([ids[0], ids[3]], await IdsAsync("/vacancies?source=nhs-jobs"));
        Assert.Equal([ids[1]], await IdsAsync("/vacancies?q=lothian"));
        Assert.Equal([ids[2]], await IdsAsync("/vacancies?q=ecmo"));
        Assert.Equal([ids[1]], await IdsAsync("/vacancies?q=edinburgh"));
        Assert.Equal([ids[0], ids[1], ids[2]], await IdsAsync("/vacancies?q=clinical%20perfusion"));
        Assert.Empty(await IdsAsync("/vacancies?q=%25"));
        Assert.Equal([ids[1], ids[2]], await IdsAsync($"/vacancies?closingAfter={today.AddDays(5):yyyy-MM-dd}"));
        Assert.Equal([ids[0], ids[1]], await IdsAsync($"/vacancies?closingBefore={today.AddDays(30):yyyy-MM-dd}"));
        Assert.Equal([ids[1]], await IdsAsync($"/vacancies?closingAfter={today.AddDays(5):yyyy-MM-dd}&closingBefore={today.AddDays(30):yyyy-MM-dd}"));
        // A post with no posted date counts from when it was first seen (yesterday, for the test data).
        Assert.Equal([ids[0], ids[1], ids[3]], await IdsAsync($"/vacancies?postedSince={today.AddDays(-20):yyyy-MM-dd}"));
        Assert.Equal([ids[0], ids[3]], await IdsAsync($"/vacancies?postedSince={today.AddDays(-2):yyyy-MM-dd}"));
    }

    [Fact]
    public async Task A_post_whose_board_names_no_country_is_in_its_units_country()
    {
        var ids = await InsertAsync(
            new Post { Unit = "royal-infirmary-of-edinburgh", Country = null },
            new Post { Unit = "royal-infirmary-of-edinburgh", Country = "scotland" },
            new Post { Unit = null, Country = null },
            new Post { Unit = "wythenshawe-hospital", Country = "england" });

        Assert.Equal([ids[0], ids[1]], (await IdsAsync("/vacancies?country=scotland")).Order());
        Assert.Equal([ids[3]], await IdsAsync("/vacancies?country=england"));
        Assert.Equal([ids[0], ids[1], ids[3]], (await IdsAsync("/vacancies?country=scotland,england")).Order());
    }

    [Fact]
    public async Task Near_limits_by_radius_and_sorts_by_distance()
    {
        var ids = await InsertAsync(
            new Post { Unit = "wythenshawe-hospital", ClosesInDays = 30 },
            new Post { Unit = "manchester-royal-infirmary", ClosesInDays = 20 },
            new Post { Unit = "royal-infirmary-of-edinburgh", Country = "scotland", ClosesInDays = 10 },
            new Post { Unit = null, ClosesInDays = 5 });

        // Manchester city centre: MRI is about 2 km away, Wythenshawe about 11 km, Edinburgh about 300 km.
        Assert.Equal([ids[1], ids[0]], await IdsAsync("/vacancies?near=53.4808,-2.2426&radiusKm=50"));
        Assert.Equal([ids[2], ids[1], ids[0]], await IdsAsync("/vacancies?near=53.4808,-2.2426"));
        Assert.Equal([ids[1], ids[0], ids[2]], await IdsAsync("/vacancies?near=53.4808,-2.2426&sort=distance"));
    }

    [Fact]
    public async Task Sorts_by_closing_soonest_first_with_no_closing_date_last_or_by_posted_newest_first()
    {
        var ids = await InsertAsync(
            new Post { ClosesInDays = null, PostedDaysAgo = 1 },
            new Post { ClosesInDays = 20, PostedDaysAgo = 10 },
            new Post { ClosesInDays = 3, PostedDaysAgo = 5 },
            new Post { ClosesInDays = 3, PostedDaysAgo = null, FirstSeenAt = DateTimeOffset.UtcNow.AddDays(-30) });

        Assert.Equal([ids[2], ids[3], ids[1], ids[0]], await IdsAsync("/vacancies"));
        Assert.Equal([ids[2], ids[3], ids[1], ids[0]], await IdsAsync("/vacancies?sort=closing"));
        Assert.Equal([ids[0], ids[2], ids[1], ids[3]], await IdsAsync("/vacancies?sort=posted"));
    }

    [Theory]
    [InlineData("closing", "")]
    [InlineData("posted", "")]
    [InlineData("distance", "&near=51.5,-0.12")]
    public async Task Pages_walk_every_match_once_in_order(string sort, string extra)
    {
        // Ties on the sort key (same closing date, same unit) are where a keyset cursor goes wrong.
        var units = new[] { "wythenshawe-hospital", "manchester-royal-infirmary", "royal-infirmary-of-edinburgh" };
        var posts = Enumerable.Range(0, 11).Select(i => new Post { Unit = units[i % 3], ClosesInDays = i % 4 == 0 ? null : i % 3, PostedDaysAgo = i % 2 }).ToArray();
        await InsertAsync(posts);
        var all = await IdsAsync($"/vacancies?sort={sort}{extra}&limit=100");
        Assert.Equal(11, all.Count);

        var walked = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await GetJsonAsync($"/vacancies?sort={sort}{extra}&limit=4" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            walked.AddRange(Ids(page));
            cursor = (string?)page["nextCursor"];
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(all, walked);
    }

    [Fact]
    public async Task A_full_last_page_has_no_next_cursor()
    {
        await InsertAsync(new Post(), new Post());
        var page = await GetJsonAsync("/vacancies?limit=2");
        Assert.Equal(2, (int)page["count"]!);
        Assert.Null(page["nextCursor"]);
        var first = await GetJsonAsync("/vacancies?limit=1");
        Assert.NotNull(first["nextCursor"]);
    }

    [Fact]
    public async Task A_cursor_altered_or_used_for_another_search_is_refused()
    {
        await InsertAsync(new Post(), new Post(), new Post());
        var cursor = (string)(await GetJsonAsync("/vacancies?limit=1"))["nextCursor"]!;
        var payload = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(cursor[..cursor.IndexOf('.')]);
        var forged = System.Text.Encoding.UTF8.GetString(payload).Replace("\"I\":", "\"I\":1", StringComparison.Ordinal);
        var tampered = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(forged)) + cursor[cursor.IndexOf('.')..];

        foreach (var bad in new[] { tampered, cursor[..^2] + (cursor[^2] == 'A' ? "BB" : "AA"), "garbage", "a.b", cursor + "x" })
        {
            await AssertProblemAsync(await Client.GetAsync("/vacancies?limit=1&cursor=" + Uri.EscapeDataString(bad)), 400, "cursor");
        }

        await AssertProblemAsync(await Client.GetAsync("/vacancies?limit=1&country=england&cursor=" + cursor), 400, "cursor");
        await AssertProblemAsync(await Client.GetAsync("/vacancies?limit=1&sort=posted&cursor=" + cursor), 400, "cursor");
        // The page size may change between pages.
        Assert.Equal(2, (await IdsAsync("/vacancies?limit=5&cursor=" + cursor)).Count);
    }

    [Fact]
    public async Task A_cursor_signed_with_another_key_is_refused()
    {
        await InsertAsync(new Post(), new Post());
        var cursor = (string)(await GetJsonAsync("/vacancies?limit=1"))["nextCursor"]!;
        await using var other = new VacanciesApp(Database, new Dictionary<string, string?> { ["Vacancies:CursorKey"] = "another key" });
        using var response = await other.CreateClient().GetAsync("/vacancies?limit=1&cursor=" + cursor);
        await AssertProblemAsync(response, 400, "cursor");
    }

    [Theory]
    [InlineData("grade=junior", "grade")]
    [InlineData("country=atlantis", "country")]
    [InlineData("region=narnia", "region")]
    [InlineData("unit=no-such-unit", "unit")]
    [InlineData("source=monster", "source")]
    [InlineData("training=yes", "training")]
    [InlineData("includeClosed=1", "includeClosed")]
    [InlineData("closingAfter=2026-13-01", "closingAfter")]
    [InlineData("closingBefore=01/05/2026", "closingBefore")]
    [InlineData("closingAfter=2026-06-01&closingBefore=2026-05-01", "closingBefore")]
    [InlineData("postedSince=yesterday", "postedSince")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=500", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=1&limit=2", "limit")]
    [InlineData("sort=salary", "sort")]
    [InlineData("sort=distance", "sort")]
    [InlineData("near=91,0", "near")]
    [InlineData("near=manchester", "near")]
    [InlineData("near=53.48,-2.24&radiusKm=0", "radiusKm")]
    [InlineData("near=53.48,-2.24&radiusKm=5000", "radiusKm")]
    [InlineData("radiusKm=10", "radiusKm")]
    [InlineData("q=" + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "q")]
    public async Task A_bad_parameter_is_a_problem_naming_it(string query, string parameter)
    {
        using var response = await Client.GetAsync("/vacancies?" + query);
        await AssertProblemAsync(response, 400, parameter);
    }

    [Fact]
    public async Task A_vacancy_has_its_description_and_contact()
    {
        var ids = await InsertAsync(new Post(), new Post { Audience = "internal" }, new Post { Status = "closed" });
        var detail = await GetJsonAsync($"/vacancies/{ids[0]}");
        Assert.Equal("A post in our perfusion team.", (string)detail["description"]!);
        Assert.Equal("Alex Example", (string)detail["contact"]!["name"]!);
        Assert.Equal("alex.example@nhs.example", (string)detail["contact"]!["email"]!);
        Assert.Equal("M23 9LT", (string)detail["postcode"]!);
        Assert.Equal("North West", (string)detail["region"]!);
        Assert.Single(detail["listings"]!.AsArray());

        await AssertProblemAsync(await Client.GetAsync($"/vacancies/{ids[1]}"), 404);
        Assert.Equal("closed", (string)(await GetJsonAsync($"/vacancies/{ids[2]}"))["status"]!);
        await AssertProblemAsync(await Client.GetAsync("/vacancies/999999"), 404);
    }

    [Fact]
    public async Task A_unit_lists_its_own_open_posts()
    {
        var ids = await InsertAsync(
            new Post { Unit = "wythenshawe-hospital", Grade = "trainee" },
            new Post { Unit = "wythenshawe-hospital", Grade = "senior", ClosesInDays = 2 },
            new Post { Unit = "wythenshawe-hospital", Status = "closed" },
            new Post { Unit = "manchester-royal-infirmary" });

        Assert.Equal([ids[1], ids[0]], await IdsAsync("/units/wythenshawe-hospital/vacancies"));
        Assert.Equal([ids[0]], await IdsAsync("/units/wythenshawe-hospital/vacancies?training=true"));
        Assert.Empty(await IdsAsync("/units/wythenshawe-hospital/vacancies?unit=manchester-royal-infirmary"));
        Assert.Equal(3, (await IdsAsync("/units/wythenshawe-hospital/vacancies?includeClosed=true")).Count);
        Assert.Empty(await IdsAsync("/units/st-bartholomews-hospital/vacancies"));
        await AssertProblemAsync(await Client.GetAsync("/units/no-such-unit/vacancies"), 404);
        await AssertProblemAsync(await Client.GetAsync("/units/wythenshawe-hospital/vacancies?grade=junior"), 400, "grade");
    }

    [Fact]
    public async Task Stats_count_open_posts_by_country_and_grade_and_training_posts_by_month()
    {
        await InsertAsync(
            new Post { Grade = "trainee" },
            new Post { Grade = "trainee", Unit = "royal-infirmary-of-edinburgh", Country = "scotland" },
            new Post { Grade = "senior" },
            new Post { Grade = "trainee", Status = "closed", PostedDaysAgo = 70 },
            new Post { Grade = "trainee", Audience = "internal" });

        var stats = await GetJsonAsync("/stats");
        Assert.Equal(3, (int)stats["open"]!);
        var byCountry = stats["openByCountry"]!.AsArray().ToDictionary(c => (string)c!["country"]!, c => (int)c!["count"]!);
        Assert.Equal(new Dictionary<string, int> { ["england"] = 2, ["scotland"] = 1 }, byCountry);
        var byGrade = stats["openByGrade"]!.AsArray().Select(c => ((string)c!["grade"]!, (int)c!["count"]!)).ToList();
        Assert.Equal([("trainee", 2), ("senior", 1)], byGrade);
        Assert.Equal(3, stats["openByCountryAndGrade"]!.AsArray().Count);

        var months = stats["trainingPostsOpenedByMonth"]!.AsArray().Select(m => ((string)m!["month"]!, (int)m!["count"]!)).ToList();
        var today = VacancyData.UkToday;
        var first = new DateOnly(today.AddDays(-70).Year, today.AddDays(-70).Month, 1);
        Assert.Equal(first.ToString("yyyy-MM"), months[0].Item1);
        Assert.Equal(today.ToString("yyyy-MM"), months[^1].Item1);
        Assert.Equal(3, months.Sum(m => m.Item2)); // two open, one closed; never the internal one
        Assert.Equal(months.Select(m => m.Item1).Distinct().Count(), months.Count);
    }

    [Fact]
    public async Task Stats_on_an_empty_database_are_empty()
    {
        var stats = await GetJsonAsync("/stats");
        Assert.Equal(0, (int)stats["open"]!);
        Assert.Empty(stats["trainingPostsOpenedByMonth"]!.AsArray());
    }

    [Theory]
    [InlineData("/vacancies")]
    [InlineData("/vacancies?grade=trainee")]
    [InlineData("/units/wythenshawe-hospital/vacancies")]
    [InlineData("/stats")]
    [InlineData("/vacancies/{id}")]
    public async Task Responses_carry_an_etag_and_answer_304_when_unchanged(string url)
    {
        var ids = await InsertAsync(new Post());
        url = url.Replace("{id}", ids[0].ToString(), StringComparison.Ordinal);
        using var first = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        await InsertAsync(new Post { Title = "Another" });
        await Database.DataSource.CreateCommand($"update listings set title = 'Changed' where vacancy_id = {ids[0]}").ExecuteNonQueryAsync();
        using var changed = new HttpRequestMessage(HttpMethod.Get, url);
        changed.Headers.IfNoneMatch.Add(etag);
        using var fresh = await Client.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(etag, fresh.Headers.ETag);
    }

    [Fact]
    public async Task A_weak_or_listed_if_none_match_still_matches()
    {
        await InsertAsync(new Post());
        using var first = await Client.GetAsync("/vacancies");
        var tag = first.Headers.ETag!.Tag;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/vacancies");
        request.Headers.TryAddWithoutValidation("If-None-Match", $"\"other\", W/{tag}");
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }
}
