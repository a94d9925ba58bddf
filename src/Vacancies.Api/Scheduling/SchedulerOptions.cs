using Microsoft.Extensions.Options;

namespace Vacancies.Scheduling;

/// <summary>`Scheduler:*`: whether this node runs sweeps, and how the cluster keeps time.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>False gives an API-only node; any number of each kind can share one database.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often a node tells the cluster it is alive; a node silent for longer is presumed dead.</summary>
    public double CheckinIntervalSeconds { get; set; } = 15;

    /// <summary>A trigger later than this is a misfire: it fires once, then keeps to its schedule.</summary>
    public double MisfireThresholdSeconds { get; set; } = 60;

    /// <summary>How long a stopping node waits for a running sweep before it stops without it (a sweep writes its
    /// data in one transaction at the end, so it is stored whole or not at all).</summary>
    public double ShutdownGraceSeconds { get; set; } = 30;

    public int MaxConcurrentSweeps { get; set; } = 2;
}

internal sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        var failures = new List<string>();
        if (options.CheckinIntervalSeconds is < 0.5 or > 600)
        {
            failures.Add("Scheduler:CheckinIntervalSeconds must be from 0.5 to 600.");
        }

        if (options.MisfireThresholdSeconds is < 0.5 or > 86_400)
        {
            failures.Add("Scheduler:MisfireThresholdSeconds must be from 0.5 to 86400.");
        }

        if (options.ShutdownGraceSeconds is < 0 or > 3600)
        {
            failures.Add("Scheduler:ShutdownGraceSeconds must be from 0 to 3600.");
        }

        if (options.MaxConcurrentSweeps is < 1 or > 10)
        {
            failures.Add("Scheduler:MaxConcurrentSweeps must be from 1 to 10.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
