using System.Globalization;
using Microsoft.Extensions.Options;
using Quartz;
using Vacancies.Database;
using Vacancies.Sources;
using Vacancies.Sweeps;

namespace Vacancies.Scheduling;

public static class SchedulerSetup
{
    public const string SchedulerName = "perfusion-vacancies";

    /// <summary>Quartz with its ADO job store on the service's database, clustered. The scheduler is
    /// registered on every node (an API node uses it to queue sweeps), but only started where
    /// `Scheduler:Enabled` is true.</summary>
    public static IServiceCollection AddSweepScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulerOptions>()
            .Bind(configuration.GetSection(SchedulerOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>();

        // The job store borrows the service's one NpgsqlDataSource (registered as DbDataSource).
        services.AddQuartz(quartz =>
        {
            quartz.AddJobType<SweepJob>();
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(postgres => postgres.UseRegisteredDataSource = true);
                store.UseClustering(_ => { });
                store.UseSystemTextJsonSerializer(_ => { });
            });
        });
        // Read when the scheduler is created, after every configuration source (tests' included) is in.
        services.AddOptions<QuartzOptions>().Configure<IOptions<SchedulerOptions>>((quartz, scheduler) =>
        {
            var settings = scheduler.Value;
            quartz.Properties["quartz.scheduler.instanceName"] = SchedulerName;
            quartz.Properties["quartz.scheduler.instanceId"] = "AUTO";
            quartz.Properties["quartz.jobStore.tablePrefix"] = "qrtz_";
            quartz.Properties["quartz.jobStore.useProperties"] = "true";
            quartz.Properties["quartz.jobStore.clustered"] = "true";
            quartz.Properties["quartz.jobStore.clusterCheckinInterval"] = Milliseconds(settings.CheckinIntervalSeconds);
            quartz.Properties["quartz.jobStore.misfireThreshold"] = Milliseconds(settings.MisfireThresholdSeconds);
            quartz.Properties["quartz.threadPool.maxConcurrency"] = settings.MaxConcurrentSweeps.ToString(CultureInfo.InvariantCulture);
        });
        services.AddHostedService<SchedulerHost>();
        return services;
    }

    private static string Milliseconds(double seconds) => ((long)(seconds * 1000)).ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Starts the scheduler on scheduler nodes and keeps each enabled source's job and trigger in the store.
/// A trigger whose schedule is unchanged is left alone, so a restart does not reset its next fire time:
/// fires missed while every node was down are then a misfire, which fires once and carries on.
/// </summary>
internal sealed class SchedulerHost(
    ISchedulerFactory schedulers,
    IOptions<SchedulerOptions> options,
    IOptions<SourcesOptions> sources,
    ILogger<SchedulerHost> logger) : IHostedService
{
    /// <summary>How long a stopping node waits, after the grace period, for Quartz to finish shutting down.</summary>
    private static readonly TimeSpan AfterGrace = TimeSpan.FromSeconds(10);

    private readonly Lock stopLock = new();
    private IScheduler? scheduler;
    private Task? stopping;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogInformation("Scheduler disabled on this node (Scheduler:Enabled=false): API only.");
            return;
        }

        scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var source in SourceCatalog.Scraped)
        {
            await KeepScheduleAsync(scheduler, source.Slug, sources.Value.For(source.Slug), cancellationToken);
        }

        await scheduler.Start(cancellationToken);
        logger.LogInformation("Scheduler started as {Instance}.", scheduler.SchedulerInstanceId);
    }

    /// <summary>
    /// Stops the scheduler, once, however many callers ask. A host can be stopped twice at the same time
    /// (WebApplicationFactory stops it while the app's own RunAsync, woken by that stop, stops it again), and Quartz
    /// answers a second Shutdown at once, before the first has finished. A caller that returned then would let its
    /// host dispose the services, the connection pool included, under a scheduler still shutting down, whose job
    /// store would then retry releasing its acquired trigger on the disposed pool for ever. So every caller waits
    /// for the one shutdown; it is bounded, so a node always stops.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (scheduler is not { } running)
        {
            return Task.CompletedTask;
        }

        lock (stopLock)
        {
            // Started outside the lock's thread, so none of Quartz's shutdown runs while the lock is held.
            return stopping ??= Task.Run(() => ShutdownAsync(running, cancellationToken), CancellationToken.None);
        }
    }

    private async Task ShutdownAsync(IScheduler running, CancellationToken cancellationToken)
    {
        // A running sweep gets the grace period (or until the host's stop timeout, if sooner) to finish; then Quartz
        // stops waiting for it and finishes shutting down. A sweep still running is not waited for: it fails when the
        // host disposes the services it uses (its data goes in one transaction at the end, stored whole or not at all),
        // and its run, left marked running, is closed by the next sweep of the board. Quartz's own part is bounded
        // too, so a node always stops. (A second Shutdown call, not waiting for sweeps, would change nothing: Quartz
        // ignores it while a shutdown is under way.)
        var grace = TimeSpan.FromSeconds(options.Value.ShutdownGraceSeconds);
        using var graceOver = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        graceOver.CancelAfter(grace);
        try
        {
            await running.Shutdown(waitForJobsToComplete: true, graceOver.Token).AsTask().WaitAsync(grace + AfterGrace, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            logger.LogError("The scheduler did not stop within {Wait} of the grace period; leaving it.", AfterGrace);
            return;
        }

        if (graceOver.IsCancellationRequested)
        {
            logger.LogWarning("The scheduler stopped without waiting any longer for running sweeps, after {Grace}.", grace);
        }
    }

    internal static async Task KeepScheduleAsync(IScheduler scheduler, string source, SourceOptions settings, CancellationToken cancellationToken)
    {
        var jobKey = SweepJob.KeyFor(source);
        if (!settings.Enabled)
        {
            await scheduler.DeleteJob(jobKey, cancellationToken);
            return;
        }

        var crons = SourceCatalog.CronExpressions(settings.Schedule ?? SourceCatalog.DefaultSchedule);
        var existing = new List<ICronTrigger>();
        for (var i = 0; i < crons.Count; i++)
        {
            if (await scheduler.GetTrigger(SweepJob.TriggerFor(source, i), cancellationToken) is ICronTrigger trigger)
            {
                existing.Add(trigger);
            }
        }

        var stored = await scheduler.GetTriggersOfJob(jobKey, cancellationToken);
        if (stored.Count == crons.Count && existing.Count == crons.Count
            && existing.Select(t => t.CronExpressionString).SequenceEqual(crons)
            && existing.All(t => t.TimeZone.Id == UkCalendar.Zone.Id))
        {
            return;
        }

        var job = JobBuilder.Create<SweepJob>()
            .WithIdentity(jobKey)
            .WithDescription($"Sweep of {source}")
            .UsingJobData(SweepJob.SourceKey, source)
            .StoreDurably()
            .Build();
        var triggers = crons.Select((cron, i) => TriggerBuilder.Create()
            .WithIdentity(SweepJob.TriggerFor(source, i))
            .ForJob(jobKey)
            .WithCronSchedule(cron, schedule => schedule.InTimeZone(UkCalendar.Zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build()).ToList();
        // Replacing the job replaces all of its triggers, so a schedule with fewer expressions leaves none behind.
        await scheduler.DeleteJob(jobKey, cancellationToken);
        await scheduler.ScheduleJob(job, triggers, new ScheduleJobOptions { Replace = true }, cancellationToken);
    }
}
