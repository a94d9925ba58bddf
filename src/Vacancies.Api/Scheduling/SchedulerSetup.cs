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
    private IScheduler? scheduler;

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

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (scheduler is null)
        {
            return;
        }

        // A running sweep gets the grace period to finish; after that the scheduler is stopped without waiting,
        // and the sweep abandons without writing (its data goes in one transaction at the end). Each wait is
        // bounded here rather than by Quartz, so a node always stops.
        var grace = TimeSpan.FromSeconds(options.Value.ShutdownGraceSeconds);
        try
        {
            await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken).AsTask().WaitAsync(grace, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            logger.LogWarning("A sweep was still running after {Grace}; stopping the scheduler without it.", grace);
            try
            {
                await scheduler.Shutdown(waitForJobsToComplete: false, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            }
            catch (TimeoutException)
            {
                logger.LogError("The scheduler did not stop within 5 s of being told to; leaving it.");
            }
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
