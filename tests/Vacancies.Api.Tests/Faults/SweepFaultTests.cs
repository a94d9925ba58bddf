using System.Net;
using System.Net.Sockets;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vacancies.Sweeps;
using Vacancies.Tests.Infrastructure;
using Vacancies.Tests.Sweeps;
using static Vacancies.Tests.Sweeps.NhsJobsPages;

namespace Vacancies.Tests.Faults;

/// <summary>
/// What the real world does to a sweep, against a fake NHS Jobs board on loopback: every case starts from a
/// healthy sweep that stored two open posts, breaks something, and then checks the same four things: the
/// sweep's outcome says what happened, nothing still on the board was closed, nothing was duplicated, and
/// the next healthy sweep completes.
/// </summary>
public sealed class SweepFaultTests(DatabaseFixture database) : FakeBoardTest(database)
{
    // Names the app's connections, so the database fault ends the service's sessions and not the test's own.
    private const string NodeApplicationName = "faults-node";

    private static readonly Post Trainee = new("F1000-26-0001", "Trainee Clinical Perfusion Scientist", "Manchester University NHS Foundation Trust", "Wythenshawe Hospital M23 9LT");
    private static readonly Post Senior = new("F1000-26-0002", "Senior Clinical Perfusion Scientist", "Sheffield Teaching Hospitals NHS Foundation Trust", "Northern General Hospital, Sheffield S5 7AU");

    private static readonly string XmlPage = NhsJobsCrawler.XmlPath("perfusion", 1);
    private static readonly string HtmlPage = "/candidate/search/results?keyword=perfusion&sort=publicationDateDesc&page=1&language=en";

    protected override IReadOnlyDictionary<string, string?> Settings => NodeSettings(Board.BaseUrl);

    /// <summary>The fake-board settings, tightened so a fault costs a test a second or two, not the production minutes.</summary>
    private Dictionary<string, string?> NodeSettings(Uri baseUrl)
    {
        var settings = SweepSettings.For("NhsJobs", baseUrl);
        settings["Sources:NhsJobs:AttemptTimeoutSeconds"] = "0.5";
        settings["Sources:NhsJobs:TotalTimeoutSeconds"] = "5";
        settings["Sources:NhsJobs:MaxRetries"] = "1";
        // The breaker has its own test (NhsJobsSweepTests); here it would only turn each fault into "circuit open"
        // and keep the recovering sweep out for its break.
        settings["Sources:NhsJobs:BreakerMinimumThroughput"] = "50";
        settings["ConnectionStrings:Vacancies"] = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { ApplicationName = NodeApplicationName }.ConnectionString;
        return settings;
    }

    private static string AdvertPath(Post post) => "/candidate/jobadvert/" + post.Ref;

    private void ServeHealthyBoard()
    {
        Board.Override = null;
        Board.Page(XmlPage, Xml([Trainee, Senior], totalResults: 2), "application/xml");
        Board.Page(AdvertPath(Trainee), Advert(Trainee, "Wythenshawe Hospital", "Manchester", "M23 9LT"));
        Board.Page(AdvertPath(Senior), Advert(Senior, "Northern General Hospital", "Sheffield", "S5 7AU", band: "8a"));
    }

    private static Task<SweepReport> SweepAsync(VacanciesApp app) => app.Services.GetRequiredService<Sweeper>().RunAsync("nhs-jobs", "manual", CancellationToken.None);

    private Task<SweepReport> SweepAsync() => SweepAsync(App);

    /// <summary>The healthy sweep every case starts from: both posts stored and open.</summary>
    private async Task StartHealthyAsync()
    {
        ServeHealthyBoard();
        var first = await SweepAsync();
        Assert.Equal((SweepOutcome.Succeeded, 2), (first.Outcome, first.New));
    }

    /// <summary>After a fault: both posts are still open, once each; the sweep's record agrees with its report;
    /// and a healthy board is swept completely again, finding nothing new.</summary>
    private async Task AssertNothingLostAndRecoversAsync(SweepReport faulty, SweepOutcome outcome, string errorMentions)
    {
        Assert.Equal(outcome, faulty.Outcome);
        Assert.Contains(errorMentions, faulty.Error ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, faulty.Closed);
        await AssertBothOpenOnceAsync();
        Assert.Equal(outcome.ToString().ToLowerInvariant(), await SweepOutcomeAsync(faulty.Id));

        ServeHealthyBoard();
        var next = await SweepAsync();
        Assert.Equal((SweepOutcome.Succeeded, 0, 0), (next.Outcome, next.New, next.Closed));
        await AssertBothOpenOnceAsync();
    }

    /// <summary>Both posts open, once each; besides them only the <paramref name="closed"/> posts a case closed on purpose.</summary>
    private async Task AssertBothOpenOnceAsync(int closed = 0)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string Ref, string Status, string VacancyStatus)>("""
            select l.source_ref, l.status, v.status from listings l join vacancies v on v.id = l.vacancy_id
            where l.source = 'nhs-jobs' and l.status = 'open' order by l.source_ref
            """)).ToList();
        Assert.Equal([(Trainee.Ref, "open", "open"), (Senior.Ref, "open", "open")], rows);
        Assert.Equal(2 + closed, await connection.ExecuteScalarAsync<long>("select count(*) from vacancies"));
        Assert.Equal(closed, await connection.ExecuteScalarAsync<long>("select count(*) from listing_changes where kind = 'closed'"));
    }

    private async Task<string> SweepOutcomeAsync(long id)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string>("select outcome from sweeps where id = @id", new { id }) ?? "";
    }

    private static async Task WriteBytesAsync(HttpContext context, byte[] body, string contentType)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    [Fact]
    public async Task A_list_page_that_answers_500s_fails_the_sweep_and_closes_nothing()
    {
        await StartHealthyAsync();
        Board.Status(XmlPage, 500);
        Board.Status(HtmlPage, 500);

        var report = await SweepAsync();

        await AssertNothingLostAndRecoversAsync(report, SweepOutcome.Failed, "HTTP 500");
    }

    [Fact]
    public async Task A_500_that_passes_is_retried_and_the_sweep_succeeds()
    {
        await StartHealthyAsync();
        var xml = Xml([Trainee, Senior], totalResults: 2);
        var asked = 0;
        Board.Respond(XmlPage, (context, _) => Interlocked.Increment(ref asked) == 1
            ? FakeBoard.WriteAsync(context, 500, "hiccup", "text/plain")
            : FakeBoard.WriteAsync(context, 200, xml, "application/xml"));

        var report = await SweepAsync();

        Assert.Equal((SweepOutcome.Succeeded, 2), (report.Outcome, report.Requests));
        await AssertBothOpenOnceAsync();
    }

    [Fact]
    public async Task An_advert_that_answers_500s_keeps_the_list_facts_and_the_sweep_still_closes_correctly()
    {
        var gone = new Post("F1000-26-0009", "Clinical Perfusion Scientist", "Manchester University NHS Foundation Trust", "Wythenshawe Hospital M23 9LT");
        Board.Page(XmlPage, Xml([Trainee, gone], totalResults: 2), "application/xml");
        Board.Page(AdvertPath(Trainee), Advert(Trainee, "Wythenshawe Hospital", "Manchester", "M23 9LT"));
        Board.Page(AdvertPath(gone), Advert(gone, "Wythenshawe Hospital", "Manchester", "M23 9LT"));
        var first = await SweepAsync();
        Assert.Equal((SweepOutcome.Succeeded, 2), (first.Outcome, first.New));

        // The board drops one post and lists a new one, whose advert answers 500s.
        Board.Page(XmlPage, Xml([Trainee, Senior], totalResults: 2), "application/xml");
        Board.Status(AdvertPath(Senior), 500);
        var report = await SweepAsync();

        // The list pages were whole, so the sweep is complete and closes the post the board dropped; only the new
        // advert's detail is missing, and the sweep says so.
        Assert.Equal((SweepOutcome.Succeeded, 1, 1), (report.Outcome, report.New, report.Closed));
        Assert.Contains($"{Senior.Ref}: advert", report.Error ?? "");
        Assert.Contains("HTTP 500", report.Error ?? "");
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        const string listingsSql = """
            select source_ref, status, title, band, advert_fetched_at is not null from listings
            where source = 'nhs-jobs' order by source_ref
            """;
        Assert.Equal(
            [(Trainee.Ref, "open", Trainee.Title, "6", true), (Senior.Ref, "open", Senior.Title, null, false), (gone.Ref, "closed", gone.Title, "6", true)],
            await connection.QueryAsync<(string, string, string, string?, bool)>(listingsSql));

        // The board whole again: the advert missed is read now, and nothing else changes.
        ServeHealthyBoard();
        var next = await SweepAsync();
        Assert.Equal((SweepOutcome.Succeeded, 0, 1, 0, null), (next.Outcome, next.New, next.Updated, next.Closed, next.Error));
        Assert.Equal("8a", await connection.ExecuteScalarAsync<string>("select band from listings where source_ref = @ref", new { @ref = Senior.Ref }));
        await AssertBothOpenOnceAsync(closed: 1);
    }

    [Fact]
    public async Task A_429_asking_for_longer_than_we_honour_blocks_the_sweep_without_retrying()
    {
        await StartHealthyAsync();
        Board.Status(XmlPage, 429, retryAfter: "3600");
        var before = Board.Hits(XmlPage);

        var report = await SweepAsync();

        // The board asked for an hour; retrying in seconds would be the opposite of polite.
        Assert.Equal(1, Board.Hits(XmlPage) - before);
        await AssertNothingLostAndRecoversAsync(report, SweepOutcome.Blocked, "429");
    }

    [Fact]
    public async Task A_429_with_a_short_retry_after_is_waited_out()
    {
        await StartHealthyAsync();
        var xml = Xml([Trainee, Senior], totalResults: 2);
        var asked = 0;
        Board.Respond(XmlPage, (context, _) =>
        {
            if (Interlocked.Increment(ref asked) == 1)
            {
                context.Response.Headers.RetryAfter = "1";
                return FakeBoard.WriteAsync(context, 429, "slow down", "text/plain");
            }

            return FakeBoard.WriteAsync(context, 200, xml, "application/xml");
        });

        var before = Board.Requests.Count;

        var report = await SweepAsync();

        Assert.Equal((SweepOutcome.Succeeded, 0), (report.Outcome, report.Closed));
        await AssertBothOpenOnceAsync();
        // Asked again once, and only after the second the board asked for (the retry's own backoff is 50 ms).
        var asks = Board.Requests.Skip(before).Where(r => r.PathAndQuery == XmlPage).ToList();
        Assert.Equal(2, asks.Count);
        Assert.True(asks[1].At - asks[0].At >= TimeSpan.FromSeconds(0.9), $"retried after {(asks[1].At - asks[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_board_that_never_answers_times_out_and_fails_the_sweep()
    {
        await StartHealthyAsync();
        Board.Override = async context =>
        {
            // Holds the request open until the client gives up: the attempt timeout must end it, not the Board.
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return true;
        };

        var started = DateTimeOffset.UtcNow;
        var report = await SweepAsync();

        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(10), "the sweep waited on a silent board");
        await AssertNothingLostAndRecoversAsync(report, SweepOutcome.Failed, "timed out");
    }

    [Fact]
    public async Task Garbled_bytes_fail_the_sweep_as_an_unreadable_page()
    {
        await StartHealthyAsync();
        var random = new Random(8);
        var garbage = new byte[64 * 1024];
        random.NextBytes(garbage);
        Board.Respond(XmlPage, (context, _) => WriteBytesAsync(context, garbage, "application/xml"));
        Board.Respond(HtmlPage, (context, _) => WriteBytesAsync(context, garbage, "text/html; charset=utf-8"));

        var report = await SweepAsync();

        await AssertNothingLostAndRecoversAsync(report, SweepOutcome.Failed, "not readable");
    }

    [Fact]
    public async Task A_truncated_list_page_is_never_read_as_the_whole_board()
    {
        await StartHealthyAsync();
        var xml = Xml([Trainee, Senior], totalResults: 2);
        var html = Fixture("search-perfusion.html");
        // The XML cut short is unreadable, so the sweep falls back to the HTML results, cut short as well: it reads
        // the posts before the cut (another set, from the fixture) and must not take them for the whole Board.
        Board.Page(XmlPage, xml[..(xml.Length * 2 / 3)], "application/xml");
        Board.Page(HtmlPage, html[..(html.Length / 2)]);

        var report = await SweepAsync();

        Assert.Equal((SweepOutcome.Partial, "html", 0), (report.Outcome, report.Path, report.Closed));
        Assert.Contains("incomplete, nothing closed", report.Error);
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        Assert.Equal(["open", "open"], await connection.QueryAsync<string>(
            "select status from listings where source_ref = any(@refs)", new { refs = new[] { Trainee.Ref, Senior.Ref } }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from listing_changes where kind = 'closed'"));
        var stored = await connection.ExecuteScalarAsync<long>("select count(*) from listings");
        Assert.Equal(stored, await connection.ExecuteScalarAsync<long>("select count(distinct (source, source_ref)) from listings"));

        // Whole again: a complete sweep, which may now close what the cut page showed and the board does not.
        ServeHealthyBoard();
        var next = await SweepAsync();
        Assert.Equal((SweepOutcome.Succeeded, 0, (int)stored - 2), (next.Outcome, next.New, next.Closed));
        Assert.Equal(["open", "open"], await connection.QueryAsync<string>(
            "select status from listings where source_ref = any(@refs)", new { refs = new[] { Trainee.Ref, Senior.Ref } }));
    }

    [Fact]
    public async Task A_connection_dropped_mid_page_fails_the_sweep_and_closes_nothing()
    {
        await StartHealthyAsync();
        var xml = Xml([Trainee, Senior], totalResults: 2);
        Board.Override = async context =>
        {
            // Promises the whole page, sends a third of it, and hangs up.
            context.Response.ContentLength = xml.Length;
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync(xml[..(xml.Length / 3)], context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
            return true;
        };

        var report = await SweepAsync();

        await AssertNothingLostAndRecoversAsync(report, SweepOutcome.Failed, "connection failed");
        Assert.StartsWith("GET /api/v1/search_xml", report.Error);
    }

    [Fact]
    public async Task A_page_whose_markup_changed_fails_loudly_instead_of_closing_everything()
    {
        await StartHealthyAsync();
        // Both paths claim results in a layout the parser does not know: read as "no posts", this would close both.
        Board.Page(XmlPage, "<nhsJobs><vacancy><ref>F1000-26-0001</ref></vacancy><totalResults>2</totalResults></nhsJobs>", "application/xml");
        Board.Page(HtmlPage, "<html><body><h1 data-test=\"search-result-query\">2 jobs found for perfusion</h1><ol class=\"results-v2\"><li>Trainee</li></ol></body></html>");

        var report = await SweepAsync();

        await AssertNothingLostAndRecoversAsync(report, SweepOutcome.Failed, "layout");
    }

    [Fact]
    public async Task A_board_down_for_the_whole_sweep_fails_it_and_closes_nothing()
    {
        await StartHealthyAsync();
        var closedPort = ClosedLoopbackPort();
        await using var down = new VacanciesApp(Database, NodeSettings(new Uri($"http://127.0.0.1:{closedPort}/")));

        var report = await SweepAsync(down);

        await AssertNothingLostAndRecoversAsync(report, SweepOutcome.Failed, "connection failed");
    }

    [Fact]
    public async Task A_database_restart_mid_sweep_fails_the_sweep_writes_nothing_and_the_next_sweep_completes()
    {
        await StartHealthyAsync();
        var third = new Post("F1000-26-0003", "Clinical Perfusion Scientist", "Manchester University NHS Foundation Trust", "Wythenshawe Hospital M23 9LT");
        Board.Page(XmlPage, Xml([Trainee, Senior, third], totalResults: 3), "application/xml");
        var advertAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var databaseDown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Board.Respond(AdvertPath(third), async (context, _) =>
        {
            advertAsked.TrySetResult();
            await databaseDown.Task.WaitAsync(TimeSpan.FromSeconds(20), context.RequestAborted);
            await FakeBoard.WriteAsync(context, 200, Advert(third, "Wythenshawe Hospital", "Manchester", "M23 9LT"), "text/html; charset=utf-8");
        });

        var sweep = SweepAsync();
        await advertAsked.Task.WaitAsync(TimeSpan.FromSeconds(20));
        // What a server restart looks like from the service: every one of its sessions ends at once,
        // the one holding the sweep's lock and the pooled ones the sweep will write through.
        await using (var admin = await Database.DataSource.OpenConnectionAsync())
        {
            var ended = await admin.ExecuteScalarAsync<int>(
                "select count(*)::int from (select pg_terminate_backend(pid) from pg_stat_activity where application_name = @name and pid <> pg_backend_pid()) t",
                new { name = NodeApplicationName });
            Assert.True(ended > 0, "no session of the node to end");
        }

        databaseDown.SetResult();
        var report = await sweep;

        Assert.Equal(SweepOutcome.Failed, report.Outcome);
        Assert.Contains("database", report.Error);
        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from listings where source_ref = @ref", new { @ref = third.Ref }));
        }

        await AssertBothOpenOnceAsync();

        // The next sweep of the board, on the same node and its pool, stores the post the failed one could not.
        Board.Page(AdvertPath(third), Advert(third, "Wythenshawe Hospital", "Manchester", "M23 9LT"));
        var next = await SweepAsync();
        Assert.Equal((SweepOutcome.Succeeded, 1, 0), (next.Outcome, next.New, next.Closed));
        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        {
            Assert.Equal(3, await connection.ExecuteScalarAsync<long>("select count(*) from listings where status = 'open'"));
            // The failed sweep's record is closed, by itself or by the next sweep of the Board.
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from sweeps where outcome = 'running'"));
        }
    }

    [Fact]
    public async Task Two_nodes_sweeping_at_once_one_is_refused_and_nothing_is_duplicated()
    {
        Board.Page(XmlPage, Xml([Trainee, Senior], totalResults: 2), "application/xml");
        Board.Page(AdvertPath(Trainee), Advert(Trainee, "Wythenshawe Hospital", "Manchester", "M23 9LT"));
        var secondTried = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Board.Respond(AdvertPath(Senior), async (context, _) =>
        {
            // The first node is mid-sweep, holding the board, while the second node starts its own.
            await secondTried.Task.WaitAsync(TimeSpan.FromSeconds(20), context.RequestAborted);
            await FakeBoard.WriteAsync(context, 200, Advert(Senior, "Northern General Hospital", "Sheffield", "S5 7AU", band: "8a"), "text/html; charset=utf-8");
        });
        await using var otherNode = new VacanciesApp(Database, NodeSettings(Board.BaseUrl));

        var first = SweepAsync();
        while (Board.Hits(AdvertPath(Senior)) == 0 && !first.IsCompleted)
        {
            await Task.Delay(20);
        }

        await Assert.ThrowsAsync<SweepAlreadyRunningException>(() => SweepAsync(otherNode));
        secondTried.SetResult();
        var report = await first;

        Assert.Equal((SweepOutcome.Succeeded, 2), (report.Outcome, report.New));
        await AssertBothOpenOnceAsync();
        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        {
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>("select count(*) from sweeps"));
        }

        // Once the first is done, the other node sweeps normally.
        var later = await SweepAsync(otherNode);
        Assert.Equal((SweepOutcome.Succeeded, 0, 0), (later.Outcome, later.New, later.Closed));
        await AssertBothOpenOnceAsync();
    }

    private static int ClosedLoopbackPort()
    {
        // Bound and released: nothing listens there now, so a connection is refused at once.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
