using Vacancies.Boards;
using Vacancies.Boards.HscNi;
using Vacancies.Boards.Hse;
using Vacancies.Boards.NhsJobs;
using Vacancies.Boards.NhsScotland;
using Vacancies.Boards.PublicJobs;

namespace Vacancies.Sources;

/// <summary>A board the service reads: its slug, its configuration section and the facts it cannot be configured out of.</summary>
public sealed record SourceInfo(string Slug, string OptionsName, string Name, Uri RealHost, IReadOnlyList<string> DefaultKeywords, string? DefaultCountry, IBoardParser Parser);

public static class SourceCatalog
{
    /// <summary>Every 30 minutes from 06:00 to 22:00 UK time, hourly at night: Quartz cron expressions
    /// separated by ';', each one trigger of the source's job.</summary>
    public const string DefaultSchedule = "0 0/30 6-21 * * ?; 0 0 22-23,0-5 * * ?";

    /// <summary>The cron expressions of a `Schedule` setting.</summary>
    public static IReadOnlyList<string> CronExpressions(string schedule) =>
        schedule.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public const string Direct = "direct";

    public static readonly IReadOnlyList<SourceInfo> Scraped =
    [
        new("nhs-jobs", "NhsJobs", "NHS Jobs (England and Wales)", NhsJobsParser.RealHost, ["perfusion", "perfusionist"], null, new NhsJobsParser()),
        new("nhs-scotland", "NhsScotland", "NHS Scotland Jobs", NhsScotlandParser.RealHost, ["perfusion", "perfusionist"], "scotland", new NhsScotlandParser()),
        new("hsc-ni", "HscNi", "HSC Jobs (Northern Ireland)", HscNiParser.RealHost, ["perfusion", "perfusionist"], "northern-ireland", new HscNiParser()),
        new("hse", "Hse", "HSE Jobs (Ireland)", HseParser.RealHost, ["perfusionist"], "ireland", new HseParser()),
        new("publicjobs", "PublicJobs", "publicjobs.ie", PublicJobsParser.RealHost, ["perfusionist"], "ireland", new PublicJobsParser()),
    ];

    public static SourceInfo? Find(string slug) => Scraped.FirstOrDefault(s => s.Slug == slug);

    public static IReadOnlyList<string> Slugs => Scraped.Select(s => s.Slug).ToList();
}
