using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Vacancies.Sweeps;
using Vacancies.Tests.Infrastructure;
using static Vacancies.Tests.Sweeps.NhsJobsPages;

namespace Vacancies.Tests.Sweeps;

/// <summary>Sweeps of NHS Jobs against a fake board on loopback, through the real HTTP pipeline, ending in PostgreSQL.</summary>
public sealed class NhsJobsSweepTests(DatabaseFixture database) : FakeBoardTest(database)
{
    private static readonly Post Trainee = new("C1000-26-0001", "Trainee Clinical Perfusion Scientist", "Manchester University NHS Foundation Trust", "Wythenshawe Hospital M23 9LT");
    private static readonly Post Senior = new("C1000-26-0002", "Senior Clinical Perfusion Scientist", "Sheffield Teaching Hospitals NHS Foundation Trust", "Northern General Hospital, Sheffield S5 7AU");
    private static readonly Post Physiologist = new("C1000-26-0003", "Cardiac Physiologist", "Leeds Teaching Hospitals NHS Trust", "Leeds General Infirmary LS1 3EX");

    protected override IReadOnlyDictionary<string, string?> Settings => SweepSettings.For("NhsJobs", Board.BaseUrl);

    private static string XmlPage(int page) => NhsJobsCrawler.XmlPath("perfusion", page);

    private static string AdvertPath(Post post) => "/candidate/jobadvert/" + post.Ref;

    private void ServeAdverts()
    {
        Board.Page(AdvertPath(Trainee), Advert(Trainee, "Wythenshawe Hospital", "Manchester", "M23 9LT", band: "6"));
        Board.Page(AdvertPath(Senior), Advert(Senior, "Northern General Hospital", "Sheffield", "S5 7AU", band: "8a"));
    }

    private Task<SweepReport> SweepAsync() => App.Services.GetRequiredService<Sweeper>().RunAsync("nhs-jobs", "manual", CancellationToken.None);

    [Fact]
    public async Task The_xml_path_stores_every_perfusion_post_with_its_advert_matched_to_its_unit()
    {
        Board.Page(XmlPage(1), Xml([Trainee, Senior, Physiologist], totalResults: 3), "application/xml");
        ServeAdverts();

        var report = await SweepAsync();

        Assert.Equal(SweepOutcome.Succeeded, report.Outcome);
        Assert.Equal("xml", report.Path);
        Assert.Equal((3, 2, 2, 0, 0), (report.PostsSeen, report.PerfusionPosts, report.New, report.Closed, report.Unmatched));
        Assert.Equal(3, report.Requests);
        Assert.Null(report.Error);

        var rows = (await StoredAsync()).ToDictionary(r => r.SourceRef);
        Assert.Equal(2, rows.Count);
        var trainee = rows[Trainee.Ref];
        Assert.Equal("https://www.jobs.nhs.uk/candidate/jobadvert/C1000-26-0001", trainee.Url);
        Assert.Equal(("trainee", "6", "wythenshawe-hospital", "open"), (trainee.Grade, trainee.Band, trainee.UnitSlug, trainee.Status));
        Assert.Equal("alex.example@nhs.example", trainee.ContactEmail);
        Assert.Equal("C1000-26-0001-TRAC", trainee.EmployerReference);
        Assert.Equal("A post in our perfusion team.", trainee.Description);
        Assert.Equal(("senior", "8a", "northern-general-hospital"), (rows[Senior.Ref].Grade, rows[Senior.Ref].Band, rows[Senior.Ref].UnitSlug));

        Assert.All(Board.Requests, r => Assert.StartsWith("PerfusionVacancies/", r.UserAgent));
        var unit = await GetJsonAsync("/units/wythenshawe-hospital");
        Assert.Equal(1, (int)unit["openVacancies"]!);

        var sweep = await SweepRowAsync(report.Id);
        Assert.Equal(("succeeded", "xml", 3, 2, 2), (sweep.Outcome, sweep.Path, sweep.PostsSeen, sweep.PerfusionPosts, sweep.NewCount));
    }

    [Fact]
    public async Task A_post_that_could_be_at_several_units_gets_no_unit_and_keeps_its_candidates()
    {
        var gstt = new Post("C1000-26-0009", "Clinical Perfusion Scientist", "Guy's and St Thomas' NHS Foundation Trust", "Guy's Hospital, Great Maze Pond, London SE1 9RT");
        Board.Page(XmlPage(1), Xml([gstt], totalResults: 1), "application/xml");

        var report = await SweepAsync();

        Assert.Equal((1, 1), (report.New, report.Unmatched));
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var id = await connection.ExecuteScalarAsync<long>("select id from vacancies");
        var vacancy = await GetJsonAsync($"/vacancies/{id}");
        Assert.Null(vacancy["unit"]);
        var candidates = vacancy["candidateUnits"]!.AsArray().Select(c => (string)c!["slug"]!).ToList();
        Assert.True(candidates.Count >= 2, string.Join(",", candidates));
        Assert.Contains("st-thomas-hospital", candidates);
        Assert.StartsWith("ambiguous", (string)vacancy["matchReason"]!);
    }

    [Fact]
    public async Task An_unmatched_post_is_matched_once_an_alias_is_added_as_data()
    {
        var renamed = new Post("C1000-26-0010", "Clinical Perfusion Scientist", "Papworth Heart and Lung NHS Trust", "Cambridge");
        Board.Page(XmlPage(1), Xml([renamed], totalResults: 1), "application/xml");
        Assert.Equal(1, (await SweepAsync()).Unmatched);

        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                insert into unit_match_terms (unit_id, kind, term)
                select id, 'employer', 'Papworth Heart and Lung NHS Trust' from units where slug = 'royal-papworth-hospital'
                """);
        }

        var again = await SweepAsync();

        Assert.Equal(0, again.Unmatched);
        Assert.Equal("royal-papworth-hospital", (await StoredAsync()).Single().UnitSlug);
    }

    [Fact]
    public async Task An_unchanged_listing_is_not_read_again_and_not_rewritten()
    {
        Board.Page(XmlPage(1), Xml([Trainee, Senior], totalResults: 2), "application/xml");
        ServeAdverts();
        await SweepAsync();

        var second = await SweepAsync();

        Assert.Equal((0, 0, 0), (second.New, second.Updated, second.Closed));
        Assert.Equal(1, Board.Hits(AdvertPath(Trainee)));
        Assert.Equal(1, second.Requests);
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("select count(*) from listing_changes"));
    }

    [Fact]
    public async Task A_changed_listing_is_updated_and_the_change_kept_as_history()
    {
        Board.Page(XmlPage(1), Xml([Trainee], totalResults: 1), "application/xml");
        Board.Page(AdvertPath(Trainee), Advert(Trainee, "Wythenshawe Hospital", "Manchester", "M23 9LT"));
        await SweepAsync();

        var edited = Trainee with { Title = "Trainee Clinical Perfusion Scientist (Band 6)" };
        Board.Page(XmlPage(1), Xml([edited], totalResults: 1), "application/xml");
        Board.Page(AdvertPath(Trainee), Advert(edited, "Wythenshawe Hospital", "Manchester", "M23 9LT", description: "Now with ECMO."));
        var report = await SweepAsync();

        Assert.Equal((0, 1), (report.New, report.Updated));
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var change = await connection.QuerySingleAsync<(string Before, string After)>(
            "select before::text, after::text from listing_changes where kind = 'updated'");
        Assert.Contains("A post in our perfusion team.", change.Before);
        Assert.Contains("Now with ECMO.", change.After);
        Assert.Contains("(Band 6)", change.After);
        Assert.DoesNotContain("contact_email", change.After); // only what changed
    }

    [Fact]
    public async Task The_html_pages_are_used_when_the_xml_endpoint_is_refused()
    {
        Board.Status(XmlPage(1), 403);
        Board.Page("/candidate/search/results?keyword=perfusion&sort=publicationDateDesc&page=1&language=en", Fixture("search-perfusion.html"));
        Board.Page("/candidate/jobadvert/C9315-26-0412", Fixture("advert-trainee-perfusion.html"));
        Board.Page("/candidate/jobadvert/C9402-26-0188", Advert(new Post("C9402-26-0188", "Senior Clinical Perfusion Scientist - Band 8a", "Sheffield Teaching Hospitals NHS Foundation Trust", ""), "Northern General Hospital", "Sheffield", "S5 7AU", band: "8a"));

        var report = await SweepAsync();

        Assert.Equal(SweepOutcome.Succeeded, report.Outcome);
        Assert.Equal("html", report.Path);
        Assert.Equal(1, Board.Hits(XmlPage(1))); // a 403 is the board's answer: never retried
        var rows = (await StoredAsync()).ToDictionary(r => r.SourceRef);
        Assert.Equal("wythenshawe-hospital", rows["C9315-26-0412"].UnitSlug);
        Assert.Equal("northern-general-hospital", rows["C9402-26-0188"].UnitSlug);
        Assert.Equal("html", (await SweepRowAsync(report.Id)).Path);
    }

    [Fact]
    public async Task Every_xml_page_is_read_and_only_perfusion_adverts_are_fetched()
    {
        var posts = Enumerable.Range(1, 150).Select(i => i % 10 == 0
            ? new Post($"P{i:0000}", "Clinical Perfusion Scientist", "Royal Papworth Hospital NHS Foundation Trust", "Cambridge CB2 0AY")
            : new Post($"X{i:0000}", $"Staff Nurse {i}", "Some NHS Trust", "Somewhere")).ToList();
        Board.Page(XmlPage(1), Xml(posts[..100], totalResults: 150), "application/xml");
        Board.Page(XmlPage(2), Xml(posts[100..], totalResults: 150), "application/xml");
        foreach (var post in posts.Where(p => p.Ref.StartsWith('P')))
        {
            Board.Page(AdvertPath(post), Advert(post, "Royal Papworth Hospital", "Cambridge", "CB2 0AY", band: "7"));
        }

        var report = await SweepAsync();

        Assert.Equal((SweepOutcome.Succeeded, 2, 150, 15, 15), (report.Outcome, report.Pages, report.PostsSeen, report.PerfusionPosts, report.New));
        Assert.Equal(17, report.Requests);
        Assert.All(await StoredAsync(), r => Assert.Equal(("royal-papworth-hospital", "clinical"), (r.UnitSlug, r.Grade)));
    }

    [Fact]
    public async Task An_advert_that_404s_keeps_the_list_facts_and_is_not_retried()
    {
        Board.Page(XmlPage(1), Xml([Trainee, Senior], totalResults: 2), "application/xml");
        Board.Page(AdvertPath(Trainee), Advert(Trainee, "Wythenshawe Hospital", "Manchester", "M23 9LT"));

        var report = await SweepAsync();

        Assert.Equal(SweepOutcome.Succeeded, report.Outcome);
        Assert.Contains(Senior.Ref, report.Error);
        Assert.Equal(1, Board.Hits(AdvertPath(Senior)));
        var senior = (await StoredAsync()).Single(r => r.SourceRef == Senior.Ref);
        Assert.Equal(("Senior Clinical Perfusion Scientist", "senior", "open"), (senior.Title, senior.Grade, senior.Status));
        Assert.Null(senior.Description);
        Assert.Equal("northern-general-hospital", senior.UnitSlug);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_time_the_board_asks()
    {
        Board.Respond(XmlPage(1), (context, hit) =>
        {
            if (hit == 1)
            {
                context.Response.Headers.RetryAfter = "1";
                return FakeBoard.WriteAsync(context, 429, "slow down", "text/plain");
            }

            return FakeBoard.WriteAsync(context, 200, Xml([Trainee], totalResults: 1), "application/xml");
        });
        Board.Page(AdvertPath(Trainee), Advert(Trainee, "Wythenshawe Hospital", "Manchester", "M23 9LT"));

        var report = await SweepAsync();

        Assert.Equal(SweepOutcome.Succeeded, report.Outcome);
        Assert.Equal(2, Board.Hits(XmlPage(1)));
        var attempts = Board.Requests.Where(r => r.PathAndQuery == XmlPage(1)).Select(r => r.At).ToList();
        Assert.True(attempts[1] - attempts[0] >= TimeSpan.FromSeconds(0.9), $"retried after {(attempts[1] - attempts[0]).TotalSeconds:0.00}s");
    }

    [Fact]
    public async Task A_500_storm_opens_the_breaker_fails_the_sweep_and_closes_nothing()
    {
        Board.Page(XmlPage(1), Xml([Trainee, Senior], totalResults: 2), "application/xml");
        ServeAdverts();
        await SweepAsync();

        Board.Override = async context =>
        {
            await FakeBoard.WriteAsync(context, 500, "storm", "text/plain");
            return true;
        };
        var report = await SweepAsync();

        Assert.Equal(SweepOutcome.Failed, report.Outcome);
        Assert.Contains("circuit", report.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, report.Closed);
        Assert.InRange(report.Requests, 2, 12); // bounded: the breaker stops the storm, not the retry count alone
        Assert.All(await StoredAsync(), r => Assert.Equal("open", r.Status));
        Assert.Equal("failed", (await SweepRowAsync(report.Id)).Outcome);
    }

    [Fact]
    public async Task A_post_absent_from_a_complete_sweep_is_closed_but_a_partial_sweep_closes_nothing()
    {
        Board.Page(XmlPage(1), Xml([Trainee, Senior], totalResults: 2), "application/xml");
        ServeAdverts();
        await SweepAsync();

        // The board says two results but lists one: the read cannot be trusted to be whole.
        Board.Page(XmlPage(1), Xml([Trainee], totalResults: 2), "application/xml");
        var partial = await SweepAsync();
        Assert.Equal((SweepOutcome.Partial, 0), (partial.Outcome, partial.Closed));
        Assert.All(await StoredAsync(), r => Assert.Equal("open", r.Status));

        Board.Page(XmlPage(1), Xml([Trainee], totalResults: 1), "application/xml");
        var complete = await SweepAsync();
        Assert.Equal((SweepOutcome.Succeeded, 1), (complete.Outcome, complete.Closed));
        var rows = (await StoredAsync()).ToDictionary(r => r.SourceRef);
        Assert.Equal("closed", rows[Senior.Ref].Status);
        Assert.Equal("closed", rows[Senior.Ref].VacancyStatus);
        Assert.Equal("open", rows[Trainee.Ref].Status);
        Assert.Equal(0, (int)(await GetJsonAsync("/units/northern-general-hospital"))["openVacancies"]!);

        // Back on the board: the same listing reopens, with its history.
        Board.Page(XmlPage(1), Xml([Trainee, Senior], totalResults: 2), "application/xml");
        var back = await SweepAsync();
        Assert.Equal(0, back.New);
        Assert.Equal("open", (await StoredAsync()).Single(r => r.SourceRef == Senior.Ref).Status);
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        Assert.Equal(["created", "closed", "reopened"], await connection.QueryAsync<string>(
            "select c.kind from listing_changes c join listings l on l.id = c.listing_id where l.source_ref = @ref order by c.id", new { @ref = Senior.Ref }));
    }

    [Fact]
    public async Task A_page_in_an_unknown_layout_fails_the_sweep_loudly()
    {
        Board.Page(XmlPage(1), "<html><body><h1>We have moved</h1></body></html>");
        Board.Page("/candidate/search/results?keyword=perfusion&sort=publicationDateDesc&page=1&language=en",
            "<html><body><h1 data-test=\"search-result-query\">12 jobs found for perfusion</h1><ul class=\"new-layout\"></ul></body></html>");

        var report = await SweepAsync();

        Assert.Equal(SweepOutcome.Failed, report.Outcome);
        Assert.Contains("layout", report.Error);
    }

    private sealed record StoredListing(string SourceRef, string Url, string Title, string? Grade, string? Band, string Status, string VacancyStatus,
        string? UnitSlug, string? Description, string? ContactEmail, string? EmployerReference);

    private async Task<IReadOnlyList<StoredListing>> StoredAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<StoredListing>("""
            select l.source_ref as SourceRef, l.url, l.title, l.grade, l.band, l.status, v.status as VacancyStatus, u.slug as UnitSlug,
                   l.description, l.contact_email as ContactEmail, l.employer_reference as EmployerReference
            from listings l join vacancies v on v.id = l.vacancy_id left join units u on u.id = v.unit_id
            where l.source = 'nhs-jobs'
            """)).ToList();
    }

    private sealed record SweepRow(string Outcome, string? Path, int PostsSeen, int PerfusionPosts, int NewCount);

    private async Task<SweepRow> SweepRowAsync(long id)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<SweepRow>(
            "select outcome, path, posts_seen as PostsSeen, perfusion_posts as PerfusionPosts, new_count as NewCount from sweeps where id = @id", new { id });
    }
}

/// <summary>Source settings for sweeps against a fake board: fast, but with every resilience strategy in place.</summary>
public static class SweepSettings
{
    public static Dictionary<string, string?> For(string optionsName, Uri baseUrl, params string[] keywords)
    {
        var prefix = $"Sources:{optionsName}:";
        var settings = new Dictionary<string, string?>
        {
            [prefix + "BaseUrl"] = baseUrl.ToString(),
            [prefix + "RequestsPerSecond"] = "20",
            [prefix + "RetryDelaySeconds"] = "0.05",
            [prefix + "AttemptTimeoutSeconds"] = "3",
            [prefix + "TotalTimeoutSeconds"] = "20",
            [prefix + "MaxRetryAfterSeconds"] = "3",
            [prefix + "BreakerMinimumThroughput"] = "4",
            [prefix + "BreakerBreakSeconds"] = "30",
        };
        var words = keywords.Length == 0 ? ["perfusion"] : keywords;
        for (var i = 0; i < words.Length; i++)
        {
            settings[$"{prefix}Keywords:{i}"] = words[i];
        }

        return settings;
    }
}
