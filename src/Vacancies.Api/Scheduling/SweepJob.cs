using Quartz;
using Vacancies.Sweeps;

namespace Vacancies.Scheduling;

/// <summary>The scheduled sweep of one source. Quartz's clustered store fires each trigger on one node;
/// DisallowConcurrentExecution keeps one run of a source at a time across the cluster.</summary>
[DisallowConcurrentExecution]
public sealed class SweepJob(Sweeper sweeper, ILogger<SweepJob> logger) : IJob
{
    public const string SourceKey = "source";
    public const string QueuedSweepKey = "queuedSweepId";
    public const string Group = "sweeps";

    public static JobKey KeyFor(string source) => new(source, Group);

    public static TriggerKey TriggerFor(string source, int index) => new($"{source}.schedule.{index}", Group);

    public static bool IsScheduleOf(string source, TriggerKey key) =>
        key.Group == Group && key.Name.StartsWith(source + ".schedule.", StringComparison.Ordinal);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var source = data.GetString(SourceKey) ?? throw new JobExecutionException("The sweep job has no source.");
        long? queued = long.TryParse(data.GetString(QueuedSweepKey), out var id) ? id : null;
        var scheduled = queued is null && IsScheduleOf(source, context.Trigger.Key);
        try
        {
            await sweeper.RunAsync(source, queued is null ? (scheduled ? "schedule" : "manual") : "api", queued,
                scheduled ? context.ScheduledFireTimeUtc : null, cancellationToken);
        }
        catch (SweepAlreadyRunningException exception)
        {
            logger.LogInformation("Skipped a sweep of {Source}: {Reason}", source, exception.Message);
        }
    }
}
