using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Vacancies.Sweeps;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Sweeps;

/// <summary>
/// A benchmark, run by `ops/bench sweep` and left out of ops/test by its trait (it also returns at once unless
/// VACANCIES_BENCH_SWEEP names the file for its table): every board swept at once against fake boards that answer after 200 ms, at the real
/// politeness of one request a second, against the floor of (requests) x the interval. Here because the fake
/// boards and their fixture scripts live in this project.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class SweepTimingBenchmark(DatabaseFixture database) : ApiTest(database)
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(200);
    private readonly Dictionary<string, FakeBoard> boards = [];

    private static string? Output => Environment.GetEnvironmentVariable("VACANCIES_BENCH_SWEEP");

    protected override IReadOnlyDictionary<string, string?> Settings =>
        AllBoardsSweepTests.Sources.SelectMany(s =>
        {
            var settings = SweepSettings.For(s.OptionsName, boards[s.Slug].BaseUrl);
            settings[$"Sources:{s.OptionsName}:RequestsPerSecond"] = "1";
            return settings;
        }).ToDictionary(p => p.Key, p => p.Value);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var (slug, _) in AllBoardsSweepTests.Sources)
        {
            var board = await FakeBoard.StartAsync();
            board.Override = async context =>
            {
                await Task.Delay(Latency, context.RequestAborted);
                return false;
            };
            boards[slug] = board;
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

    [Fact]
    public async Task Every_board_swept_at_once_with_200ms_latency_at_one_request_a_second()
    {
        if (Output is not { } output)
        {
            return;
        }

        AllBoardsSweepTests.ServeFixtureBoards(boards);
        var sweeper = App.Services.GetRequiredService<Sweeper>();
        var all = Stopwatch.StartNew();
        var runs = await Task.WhenAll(AllBoardsSweepTests.Sources.Select(async s =>
        {
            var clock = Stopwatch.StartNew();
            var report = await sweeper.RunAsync(s.Slug, "manual", CancellationToken.None);
            return (report, clock.Elapsed);
        }));
        all.Stop();

        var table = new StringBuilder()
            .AppendLine("| Board | Outcome | Pages | Requests | Wall time | Floor: requests x 1 s | Floor + latency | Wall / floor |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (report, elapsed) in runs)
        {
            // One request a second: n requests cannot finish before (n - 1) intervals and the last one's latency.
            var floor = TimeSpan.FromSeconds(report.Requests);
            var withLatency = TimeSpan.FromSeconds(report.Requests - 1) + Latency;
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {report.Source} | {report.Outcome.ToString().ToLowerInvariant()} | {report.Pages} | {report.Requests} | {elapsed.TotalSeconds:0.00} s | {floor.TotalSeconds:0.0} s | {withLatency.TotalSeconds:0.0} s | {elapsed / floor:0.00} |");
            Assert.True(elapsed >= withLatency * 0.95, $"{report.Source}: {report.Requests} requests in {elapsed.TotalSeconds:0.00} s is faster than the politeness allows");
        }

        table.AppendLine().AppendLine(CultureInfo.InvariantCulture,
            $"All five boards at once: {all.Elapsed.TotalSeconds:0.00} s wall, {runs.Sum(r => r.report.Requests)} requests (boards are separate hosts, so their politeness limits do not queue behind each other).");
        await File.WriteAllTextAsync(output, table.ToString());
    }
}
