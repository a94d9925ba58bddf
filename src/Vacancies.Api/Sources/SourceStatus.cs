using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;
using Vacancies.Scheduling;

namespace Vacancies.Sources;

public sealed record SourceHealth(
    string Slug,
    string Name,
    bool Enabled,
    string Schedule,
    DateTimeOffset? NextRun,
    SweepSummary? LastRun,
    DateTime? LastSuccess,
    int ConsecutiveFailures,
    string Status,
    string Reason);

public sealed record SweepSummary(
    long Id, string Source, string Node, string Trigger, string Outcome, string? Path, DateTime StartedAt, DateTime? FinishedAt,
    DateTime? ScheduledFor, int Requests, int Pages, int PostsSeen, int PerfusionPosts, int New, int Updated, int Closed, int Unmatched, string? Error);

/// <summary>Each board's health, from its sweep records: what `GET /sources` and the readiness check report.</summary>
public sealed class SourceStatus(NpgsqlDataSource dataSource, IOptions<SourcesOptions> options, ISchedulerFactory schedulers)
{
    /// <summary>Failed or blocked sweeps in a row before a board counts as failing rather than degraded.</summary>
    public const int FailingAfter = 3;

    internal const string SweepColumns = """
        id, source, node, trigger, outcome, path, started_at as StartedAt, finished_at as FinishedAt, scheduled_for as ScheduledFor,
        requests, pages, posts_seen as PostsSeen, perfusion_posts as PerfusionPosts, new_count as New, updated_count as Updated,
        closed_count as Closed, unmatched, error
        """;

    public async Task<IReadOnlyList<SourceHealth>> AllAsync(CancellationToken cancellationToken)
    {
        const string sql = $"""
            with finished as (
                select * from sweeps where outcome not in ('queued', 'running')
            ), last_ok as (
                select source, max(started_at) as at from finished where outcome in ('succeeded', 'partial') group by source
            ), last_success as (
                select source, max(finished_at) as at from finished where outcome = 'succeeded' group by source
            )
            select s.slug as Source,
                   ls.at as LastSuccess,
                   (select count(*)::int from finished f where f.source = s.slug and f.outcome in ('failed', 'blocked')
                      and f.started_at > coalesce(lo.at, '-infinity')) as ConsecutiveFailures,
                   (select f.id from finished f where f.source = s.slug order by f.started_at desc limit 1) as LastRunId
            from sources s left join last_ok lo on lo.source = s.slug left join last_success ls on ls.source = s.slug
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(sql, cancellationToken: cancellationToken))).ToDictionary(r => r.Source);
        var lastRunIds = rows.Values.Select(r => r.LastRunId).OfType<long>().ToArray();
        var lastRuns = (await connection.QueryAsync<SweepSummary>(new CommandDefinition($"select {SweepColumns} from sweeps where id = any(@ids)", new { ids = lastRunIds }, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Source);

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var result = new List<SourceHealth>();
        foreach (var source in SourceCatalog.Scraped)
        {
            var settings = options.Value.For(source.Slug);
            var row = rows.GetValueOrDefault(source.Slug);
            var lastRun = lastRuns.GetValueOrDefault(source.Slug);
            var triggers = settings.Enabled ? await scheduler.GetTriggersOfJob(SweepJob.KeyFor(source.Slug), cancellationToken) : [];
            var nextRun = triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min();
            var failures = row?.ConsecutiveFailures ?? 0;
            var (status, reason) = Judge(settings.Enabled, lastRun, failures);
            result.Add(new SourceHealth(source.Slug, source.Name, settings.Enabled, settings.Schedule ?? SourceCatalog.DefaultSchedule,
                nextRun, lastRun, row?.LastSuccess, failures, status, reason));
        }

        return result;
    }

    private static (string Status, string Reason) Judge(bool enabled, SweepSummary? lastRun, int consecutiveFailures) => (enabled, lastRun, consecutiveFailures) switch
    {
        (false, _, _) => ("disabled", "disabled in configuration"),
        (_, null, _) => ("degraded", "no sweep has run yet"),
        (_, _, >= FailingAfter) => ("failing", $"{consecutiveFailures} sweeps in a row failed: {lastRun.Error}"),
        (_, { Outcome: "failed" or "blocked" }, _) => ("degraded", $"the last sweep {lastRun.Outcome}: {lastRun.Error}"),
        (_, { Outcome: "partial" }, _) => ("degraded", $"the last sweep was partial: {lastRun.Error}"),
        _ => ("healthy", "the last sweep succeeded"),
    };

    private sealed class Row
    {
        public string Source { get; init; } = "";
        public DateTime? LastSuccess { get; init; }
        public int ConsecutiveFailures { get; init; }
        public long? LastRunId { get; init; }
    }
}
