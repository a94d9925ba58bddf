using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Vacancies.Chiefs;
using Vacancies.Hosting;
using Vacancies.Sweeps;
using Vacancies.Tests.Infrastructure;
using Vacancies.Tests.Sweeps;

namespace Vacancies.Tests.Scheduling;

/// <summary>Scheduler nodes (real hosts with Quartz's clustered store) on the collection's database.</summary>
public sealed class SchedulerTests(DatabaseFixture database) : ApiTest(database)
{
    private FakeBoard board = null!;
    private string? schedule = "0 0/10 * * * ?";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        board = await FakeBoard.StartAsync();
        board.Page(NhsJobsCrawler.XmlPath("perfusion", 1), NhsJobsPages.Xml([], totalResults: 0), "application/xml");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await board.DisposeAsync();
    }

    protected override IReadOnlyDictionary<string, string?> Settings => NodeSettings(schedulerEnabled: false);

    private Dictionary<string, string?> NodeSettings(bool schedulerEnabled)
    {
        var settings = SweepSettings.For("NhsJobs", board.BaseUrl);
        if (schedule is not null)
        {
            settings["Sources:NhsJobs:Schedule"] = schedule;
        }

        foreach (var other in new[] { "NhsScotland", "HscNi", "Hse", "PublicJobs" })
        {
            settings[$"Sources:{other}:Enabled"] = "false";
        }

        settings["Scheduler:Enabled"] = schedulerEnabled ? "true" : "false";
        settings["Scheduler:CheckinIntervalSeconds"] = "1";
        settings["Scheduler:MisfireThresholdSeconds"] = "1";
        settings["Scheduler:ShutdownGraceSeconds"] = "5";
        return settings;
    }

    private VacanciesApp StartNode()
    {
        var node = new VacanciesApp(Database, NodeSettings(schedulerEnabled: true));
        _ = node.Services; // starts the host, and with it the scheduler
        return node;
    }

    private async Task<IReadOnlyList<(string Trigger, DateTime? ScheduledFor, string Outcome, string Node)>> SweepsAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(string, DateTime?, string, string)>(
            "select trigger, scheduled_for, outcome, node from sweeps where source = 'nhs-jobs' order by id")).ToList();
    }

    [Fact]
    public async Task Two_scheduler_nodes_on_one_database_run_each_scheduled_sweep_once()
    {
        schedule = "0/2 * * * * ?";
        await using (var first = StartNode())
        await using (var second = StartNode())
        {
            await Task.Delay(TimeSpan.FromSeconds(7));
        }

        var sweeps = (await SweepsAsync()).Where(s => s.Trigger == "schedule").ToList();
        Assert.True(sweeps.Count >= 2, $"expected several fires in 7 s, saw {sweeps.Count}");
        Assert.All(sweeps, s => Assert.NotNull(s.ScheduledFor));
        Assert.Equal(sweeps.Count, sweeps.Select(s => s.ScheduledFor).Distinct().Count());
        Assert.All(sweeps, s => Assert.Equal("succeeded", s.Outcome));
    }

    [Fact]
    public async Task A_stopping_node_shuts_its_scheduler_down_before_its_services_are_disposed()
    {
        // WebApplicationFactory stops a host while the app's own RunAsync stops it too, and disposes its services
        // as soon as its own stop returns: a node must not let that happen while its scheduler is still shutting
        // down, or the job store is left retrying, for ever, on a disposed connection pool. A trigger every two
        // seconds means the scheduler nearly always holds an acquired trigger it must release on the way down.
        schedule = "0/2 * * * * ?";
        for (var round = 1; round <= 3; round++)
        {
            var node = StartNode();
            var scheduler = await node.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
            await WaitUntilAsync(async () => await AcquiredTriggersAsync() > 0);

            var stopping = System.Diagnostics.Stopwatch.StartNew();
            await node.DisposeAsync();

            Assert.Equal((round, Quartz.SchedulerStatus.Shutdown), (round, scheduler.Status));
            // Well inside the 5 s grace: nothing was running, so nothing was waited for.
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(4), $"round {round}: the node took {stopping.Elapsed.TotalSeconds:0.0} s to stop");
        }
    }

    [Fact]
    public async Task The_default_schedule_is_half_hourly_by_day_and_hourly_by_night_in_uk_time()
    {
        schedule = null;
        await using (StartNode())
        {
            await using var connection = await Database.DataSource.OpenConnectionAsync();
            var triggers = (await connection.QueryAsync<(string Name, string Cron, string Zone)>(
                "select t.trigger_name, c.cron_expression, c.time_zone_id from qrtz_triggers t join qrtz_cron_triggers c using (sched_name, trigger_name, trigger_group) where t.job_name = 'nhs-jobs' order by t.trigger_name")).ToList();
            Assert.Equal([("nhs-jobs.schedule.0", "0 0/30 6-21 * * ?", "Europe/London"), ("nhs-jobs.schedule.1", "0 0 22-23,0-5 * * ?", "Europe/London")], triggers);
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from qrtz_triggers where job_name = 'hse'"));
        }

        var nhs = (await GetJsonAsync("/sources")).AsArray().Single(s => (string)s!["slug"]! == "nhs-jobs")!;
        Assert.Equal("NHS Jobs (England and Wales)", (string)nhs["name"]!);
        Assert.True(DateTimeOffset.Parse((string)nhs["nextRun"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task A_worker_runs_the_scheduler_without_the_api_and_an_api_node_runs_no_scheduler()
    {
        _ = App.Services; // an API-only node (Scheduler:Enabled=false)
        var settings = NodeSettings(schedulerEnabled: false); // the worker verb turns the scheduler on itself
        var args = new List<string> { "--urls=http://127.0.0.1:0", $"--ConnectionStrings:Vacancies={Database.ConnectionString}", "--Scheduler:Enabled=true" };
        args.AddRange(settings.Where(s => s.Key != "Scheduler:Enabled").Select(s => $"--{s.Key}={s.Value}"));
        await using var worker = VacanciesHost.Build([.. args], serveApi: false);
        await worker.StartAsync();
        var address = worker.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/units")).StatusCode);
        await WaitUntilAsync(async () => await TriggerNextFireAsync() is not null);
        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        {
            // Only the worker checks in with the cluster; the API node never started a scheduler.
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>("select count(*) from qrtz_scheduler_state"));
        }

        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/units")).StatusCode);
        await worker.StopAsync();
    }

    [Fact]
    public async Task After_downtime_the_missed_fires_run_once_not_as_a_burst()
    {
        await using (StartNode())
        {
            await WaitUntilAsync(async () => await TriggerNextFireAsync() is not null);
        }

        // Every node down for 35 minutes: three 10-minute fires missed.
        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                update qrtz_triggers set next_fire_time = next_fire_time - (35::bigint * 60 * 10000000)
                where trigger_name = 'nhs-jobs.schedule.0'
                """);
        }

        await using (StartNode())
        {
            await WaitUntilAsync(async () => (await SweepsAsync()).Count > 0);
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        var sweeps = await SweepsAsync();
        Assert.Single(sweeps);
        Assert.Equal(("schedule", "succeeded"), (sweeps[0].Trigger, sweeps[0].Outcome));
        var next = await TriggerNextFireAsync();
        Assert.True(next > DateTime.UtcNow.Ticks, "the trigger carries on from now");
    }

    [Fact]
    public async Task A_sweep_stopped_midway_writes_nothing_and_the_next_one_completes()
    {
        var post = new NhsJobsPages.Post("C2000-26-0001", "Trainee Clinical Perfusion Scientist", "Royal Papworth Hospital NHS Foundation Trust", "Cambridge CB2 0AY");
        board.Page(NhsJobsCrawler.XmlPath("perfusion", 1), NhsJobsPages.Xml([post], totalResults: 1), "application/xml");
        board.Respond("/candidate/jobadvert/" + post.Ref, async (context, hit) =>
        {
            if (hit == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            }

            await FakeBoard.WriteAsync(context, 200, NhsJobsPages.Advert(post, "Royal Papworth Hospital", "Cambridge", "CB2 0AY"), "text/html");
        });
        var sweeper = App.Services.GetRequiredService<Sweeper>();

        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sweeper.RunAsync("nhs-jobs", "schedule", stop.Token));

        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from listings"));
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from vacancies"));
            // A node killed outright leaves its run marked running: the next sweep closes it.
            await connection.ExecuteAsync("insert into sweeps (source, node, outcome) values ('nhs-jobs', 'dead-node:1', 'running')");
        }

        var next = await sweeper.RunAsync("nhs-jobs", "manual", CancellationToken.None);

        Assert.Equal((SweepOutcome.Succeeded, 1), (next.Outcome, next.New));
        var sweeps = await SweepsAsync();
        Assert.Equal(["failed", "failed", "succeeded"], sweeps.Select(s => s.Outcome));
    }

    [Fact]
    public async Task Sources_report_a_failing_board_and_readiness_stays_up()
    {
        board.Override = async context =>
        {
            await FakeBoard.WriteAsync(context, 503, "down", "text/plain");
            return true;
        };
        var sweeper = App.Services.GetRequiredService<Sweeper>();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(SweepOutcome.Failed, (await sweeper.RunAsync("nhs-jobs", "manual", CancellationToken.None)).Outcome);
        }

        var sources = (await GetJsonAsync("/sources")).AsArray().ToDictionary(s => (string)s!["slug"]!);
        var nhs = sources["nhs-jobs"]!;
        Assert.Equal(("failing", 3), ((string)nhs["status"]!, (int)nhs["consecutiveFailures"]!));
        Assert.Equal("failed", (string)nhs["lastRun"]!["outcome"]!);
        Assert.Null(nhs["lastSuccess"]);
        Assert.Equal(schedule, (string)nhs["schedule"]!);
        Assert.Equal("disabled", (string)sources["hse"]!["status"]!);

        using var ready = await Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal("Degraded", (string)report["checks"]!["boards"]!["status"]!);

        var runs = await GetJsonAsync("/sources/nhs-jobs/runs?limit=2");
        Assert.Equal(2, runs.AsArray().Count);
        using var badLimit = await Client.GetAsync("/sources/nhs-jobs/runs?limit=0");
        await AssertProblemAsync(badLimit, 400, "limit");
        using var unknown = await Client.GetAsync("/sources/monster-jobs/runs");
        await AssertProblemAsync(unknown, 404);
    }

    [Fact]
    public async Task An_operator_can_ask_for_a_sweep_now_and_follow_it()
    {
        await using var node = StartNode();
        var client = node.CreateClient();

        using var anonymous = await client.PostAsync("/sources/nhs-jobs/runs", null);
        await AssertProblemAsync(anonymous, 401);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        using var wrong = await client.PostAsync("/sources/nhs-jobs/runs", null);
        await AssertProblemAsync(wrong, 401);

        var tokens = node.Services.GetRequiredService<ApiTokens>();
        var chief = await tokens.IssueAsync("wythenshawe-hospital", "A chief", null, "test", CancellationToken.None);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", chief!.Token);
        using var notAnOperator = await client.PostAsync("/sources/nhs-jobs/runs", null);
        await AssertProblemAsync(notAnOperator, 403);

        var admin = await tokens.IssueAsync(null, "Operator", null, "test", CancellationToken.None);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin!.Token);
        using var accepted = await client.PostAsync("/sources/nhs-jobs/runs", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!.ToString();
        Assert.Matches(@"^/sources/nhs-jobs/runs/\d+$", location);

        string? outcome = null;
        await WaitUntilAsync(async () =>
        {
            outcome = (string?)JsonNode.Parse(await client.GetStringAsync(location))!["outcome"];
            return outcome is "succeeded" or "failed";
        });
        Assert.Equal("succeeded", outcome);
        Assert.Equal("api", (await SweepsAsync()).Single().Trigger);
    }

    private async Task<long> AcquiredTriggersAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from qrtz_fired_triggers where state = 'ACQUIRED'");
    }

    private async Task<long?> TriggerNextFireAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long?>("select next_fire_time from qrtz_triggers where trigger_name = 'nhs-jobs.schedule.0'");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition) =>
        Assert.True(await Eventually.HoldsAsync(condition, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200)), "condition not met within 20 s");
}
