using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Vacancies.Boards.HscNi;
using Vacancies.Boards.Hse;
using Vacancies.Boards.NhsScotland;
using Vacancies.Boards.PublicJobs;
using Vacancies.Sweeps;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Sweeps;

/// <summary>Every board swept against its own fake board on loopback, from the shared fixture pages,
/// ending with the open vacancies of each unit; and one post listed on two boards shown once.</summary>
public sealed class AllBoardsSweepTests(DatabaseFixture database) : ApiTest(database)
{
    private readonly Dictionary<string, FakeBoard> boards = [];

    internal static readonly (string Slug, string OptionsName)[] Sources =
        [("nhs-jobs", "NhsJobs"), ("nhs-scotland", "NhsScotland"), ("hsc-ni", "HscNi"), ("hse", "Hse"), ("publicjobs", "PublicJobs")];

    protected override IReadOnlyDictionary<string, string?> Settings =>
        Sources.SelectMany(s => SweepSettings.For(s.OptionsName, boards[s.Slug].BaseUrl)).ToDictionary(p => p.Key, p => p.Value);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var (slug, _) in Sources)
        {
            boards[slug] = await FakeBoard.StartAsync();
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var board in boards.Values)
        {
            await board.DisposeAsync();
        }
    }

    private static string Page(string board, string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", board, file));

    private void ServeFixtureBoards() => ServeFixtureBoards(boards);

    /// <summary>Scripts each board's fake (by slug) with the fixture pages; also used by the sweep timing benchmark.</summary>
    internal static void ServeFixtureBoards(IReadOnlyDictionary<string, FakeBoard> boards)
    {
        var nhs = boards["nhs-jobs"];
        nhs.Page(NhsJobsCrawler.XmlPath("perfusion", 1), Page("nhs-jobs", "xml-perfusion.xml"), "application/xml");
        nhs.Page("/candidate/jobadvert/C9315-26-0412", Page("nhs-jobs", "advert-trainee-perfusion.html"));
        // C9402-26-0188's advert is not served: the list page's facts stand.

        var scotland = boards["nhs-scotland"];
        scotland.Page(NhsScotlandParser.CardListPath("perfusion", 0), Page("nhs-scotland", "jobcard-skip0.html"));
        scotland.Page(NhsScotlandParser.CardListPath("perfusion", 12), Page("nhs-scotland", "jobcard-perfusion-skip12-last.html"));
        scotland.Page("/Job/JobDetail?JobId=291204", Page("nhs-scotland", "detail-291204.html"));
        scotland.Page("/Job/JobDetail?JobId=291322", Page("nhs-scotland", "detail-291322.html"));

        var ni = boards["hsc-ni"];
        ni.Page(HscNiParser.SearchPath("perfusion", 1), Page("hsc-ni", "search-p1.html"));
        ni.Page("/Search?SearchCatID=0&keyword=cardiac&page=2", Page("hsc-ni", "search-p2.html"));
        ni.Page("/Job/46988/71977420clinical-perfusion-scientist-fixed-term", Page("hsc-ni", "job-46988.html"));
        ni.Page("/Job/46844/71971402trainee-clinical-perfusion-scientist", Page("hsc-ni", "job-46844.html"));

        var hse = boards["hse"];
        hse.Page(HseParser.ListingPath(1), Page("hse", "listing-p1.html"));
        hse.Page("/jobs/job-search/?page=2", Page("hse", "listing-p235-last.html"));
        hse.Page("/jobs/job-search/senior-clinical-perfusionist-mater-misericordiae-university-hospital-mmuh26-0390/",
            Page("hse", "job-senior-clinical-perfusionist-mater-misericordiae-university-hospital-mmuh26-0390.html"));
        hse.Page("/jobs/job-search/chief-clinical-perfusionist-chi-at-crumlin-chi26-0601/", Page("hse", "job-chief-clinical-perfusionist-chi-at-crumlin-chi26-0601.html"));
        hse.Page("/jobs/job-search/trainee-clinical-perfusionist-cork-university-hospital-cuh26-0417/",
            Page("hse", "job-trainee-clinical-perfusionist-cork-university-hospital-cuh26-0417.html"));

        var publicJobs = boards["publicjobs"];
        publicJobs.Page(PublicJobsParser.BoardPath(0), Page("publicjobs", "search-perfusion-last.html"));
        publicJobs.Page("/candidate/so/pm/1/pl/3/opp/9231-Clinical-Perfusionist/en-GB", Page("publicjobs", "opp-9231.html"));
    }

    private async Task<SweepReport> SweepAsync(string source) =>
        await App.Services.GetRequiredService<Sweeper>().RunAsync(source, "manual", CancellationToken.None);

    [Fact]
    public async Task A_sweep_of_every_board_leaves_each_unit_with_its_posts()
    {
        ServeFixtureBoards();

        var reports = new Dictionary<string, SweepReport>();
        foreach (var (slug, _) in Sources)
        {
            reports[slug] = await SweepAsync(slug);
        }

        Assert.All(reports.Values, r => Assert.True(r.Outcome is SweepOutcome.Succeeded or SweepOutcome.Partial, $"{r.Source}: {r.Summary()}"));
        // The fixture pages' stated totals cover pages this fake board does not serve: those sweeps are partial.
        Assert.Equal(SweepOutcome.Partial, reports["hse"].Outcome);
        Assert.Equal(SweepOutcome.Partial, reports["nhs-scotland"].Outcome);
        Assert.Equal(SweepOutcome.Succeeded, reports["hsc-ni"].Outcome);
        Assert.Equal(SweepOutcome.Succeeded, reports["publicjobs"].Outcome);
        Assert.Equal((2, 3, 2, 4, 1), (reports["nhs-jobs"].PerfusionPosts, reports["nhs-scotland"].PerfusionPosts, reports["hsc-ni"].PerfusionPosts,
            reports["hse"].PerfusionPosts, reports["publicjobs"].PerfusionPosts));

        var byUnit = (await ListingsAsync()).GroupBy(l => l.UnitSlug ?? "(none)").ToDictionary(g => g.Key, g => g.Select(l => $"{l.Source}:{l.Grade}").Order().ToList());
        Assert.Equal(["nhs-jobs:trainee"], byUnit["wythenshawe-hospital"]);
        Assert.Equal(["nhs-jobs:senior"], byUnit["northern-general-hospital"]);
        Assert.Equal(["nhs-scotland:senior", "nhs-scotland:trainee"], byUnit["golden-jubilee-university-national-hospital"]);
        Assert.Equal(["nhs-scotland:trainee"], byUnit["royal-hospital-for-children-glasgow"]);
        Assert.Equal(["hsc-ni:clinical", "hsc-ni:trainee"], byUnit["royal-victoria-hospital"]);
        Assert.Equal(["hse:senior"], byUnit["mater-misericordiae-university-hospital"]);
        Assert.Equal(["hse:chief"], byUnit["chi-at-crumlin"]);
        Assert.Equal(["hse:clinical"], byUnit["university-hospital-galway"]);
        Assert.Equal(["hse:trainee"], byUnit["cork-university-hospital"]);
        Assert.Equal(["publicjobs:clinical"], byUnit["st-jamess-hospital"]);
        Assert.False(byUnit.ContainsKey("(none)"), "every fixture post has a unit");

        var listings = await ListingsAsync();
        Assert.Equal(("EUR", "internal"), listings.Where(l => l.UnitSlug == "chi-at-crumlin").Select(l => (l.Currency!, l.Audience)).Single());
        Assert.Equal("ireland", listings.Single(l => l.UnitSlug == "cork-university-hospital").Country);
        // The CHI confined competition is stored but is not an open post for job seekers.
        Assert.Equal(0, (int)(await GetJsonAsync("/units/chi-at-crumlin"))["openVacancies"]!);
        Assert.Equal(1, (int)(await GetJsonAsync("/units/mater-misericordiae-university-hospital"))["openVacancies"]!);
        Assert.Equal(2, (int)(await GetJsonAsync("/units/royal-victoria-hospital"))["openVacancies"]!);
    }

    [Fact]
    public async Task One_post_on_two_boards_is_one_vacancy_with_both_links_and_two_posts_at_one_unit_stay_two()
    {
        ServeFixtureBoards();
        await SweepAsync("hsc-ni");

        // The Belfast trainee post is also advertised on NHS Jobs, as Belfast posts often are.
        var belfast = new NhsJobsPages.Post("C9999-26-0001", "Trainee Clinical Perfusion Scientist", "Belfast Health and Social Care Trust",
            "Royal Victoria Hospital, Belfast BT12 6BA", CloseDate: "2027-01-12");
        var nhs = boards["nhs-jobs"];
        nhs.Page(NhsJobsCrawler.XmlPath("perfusion", 1), NhsJobsPages.Xml([belfast], totalResults: 1), "application/xml");
        nhs.Page("/candidate/jobadvert/C9999-26-0001", NhsJobsPages.Advert(belfast, "Royal Victoria Hospital", "Belfast", "BT12 6BA", employerReference: "71971402"));
        await SweepAsync("nhs-jobs");

        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var vacancies = (await connection.QueryAsync<(long Vacancy, string Sources)>("""
            select v.id, string_agg(l.source || ':' || l.grade, ',' order by l.source)
            from vacancies v join listings l on l.vacancy_id = v.id join units u on u.id = v.unit_id
            where u.slug = 'royal-victoria-hospital' group by v.id order by 2
            """)).Select(v => v.Sources).ToList();
        Assert.Equal(["hsc-ni:clinical", "hsc-ni:trainee,nhs-jobs:trainee"], vacancies);
        Assert.Equal(2, (int)(await GetJsonAsync("/units/royal-victoria-hospital"))["openVacancies"]!);
    }

    private sealed record StoredListing(string Source, string SourceRef, string? UnitSlug, string? Grade, string? Currency, string Audience, string? Country, string Status);

    private async Task<IReadOnlyList<StoredListing>> ListingsAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<StoredListing>("""
            select l.source, l.source_ref as SourceRef, u.slug as UnitSlug, l.grade, l.currency, l.audience, v.country, l.status
            from listings l join vacancies v on v.id = l.vacancy_id left join units u on u.id = v.unit_id
            """)).ToList();
    }
}
