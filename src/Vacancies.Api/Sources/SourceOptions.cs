using Microsoft.Extensions.Options;

namespace Vacancies.Sources;

/// <summary>`Sources:*`: how politely and where each board is read.</summary>
public sealed class SourcesOptions
{
    public const string Section = "Sources";

    /// <summary>Sent with every request, so a board's operators can see who reads them and reach us.</summary>
    public string UserAgent { get; set; } = "PerfusionVacancies/1.0 (+https://github.com/perfusion-vacancies/vacancies; job-board aggregator for clinical perfusion posts; one request a second)";

    public SourceOptions NhsJobs { get; set; } = new();
    public SourceOptions NhsScotland { get; set; } = new();
    public SourceOptions HscNi { get; set; } = new();
    public SourceOptions Hse { get; set; } = new();
    public SourceOptions PublicJobs { get; set; } = new();

    public SourceOptions For(string slug) => slug switch
    {
        "nhs-jobs" => NhsJobs,
        "nhs-scotland" => NhsScotland,
        "hsc-ni" => HscNi,
        "hse" => Hse,
        "publicjobs" => PublicJobs,
        _ => throw new ArgumentOutOfRangeException(nameof(slug), slug, "Not a scraped source."),
    };
}

public sealed class SourceOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Where pages are fetched; a stand-in board for tests. Stored URLs stay on the real host.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Search keywords; empty means the source's defaults.</summary>
    public string[] Keywords { get; set; } = [];

    public double RequestsPerSecond { get; set; } = 1;

    /// <summary>Quartz cron expressions in UK time, separated by ';'; empty means the default schedule.</summary>
    public string? Schedule { get; set; }

    /// <summary>A sweep reading more list pages than this for one keyword stops and counts as partial.</summary>
    public int MaxPages { get; set; } = 60;

    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's delay; later ones back off exponentially, with jitter.</summary>
    public double RetryDelaySeconds { get; set; } = 2;

    /// <summary>The longest a Retry-After is honoured; a board asking for longer ends the sweep.</summary>
    public double MaxRetryAfterSeconds { get; set; } = 120;

    public double AttemptTimeoutSeconds { get; set; } = 30;

    public double TotalTimeoutSeconds { get; set; } = 300;

    public int BreakerMinimumThroughput { get; set; } = 8;

    public double BreakerFailureRatio { get; set; } = 0.5;

    public double BreakerBreakSeconds { get; set; } = 60;
}

/// <summary>Fills in each board's defaults where configuration is silent.</summary>
internal sealed class SourcesDefaults : IPostConfigureOptions<SourcesOptions>
{
    public void PostConfigure(string? name, SourcesOptions options)
    {
        foreach (var source in SourceCatalog.Scraped)
        {
            var settings = options.For(source.Slug);
            if (string.IsNullOrWhiteSpace(settings.BaseUrl))
            {
                settings.BaseUrl = source.RealHost.ToString();
            }

            if (settings.Keywords.Length == 0)
            {
                settings.Keywords = [.. source.DefaultKeywords];
            }

            if (string.IsNullOrWhiteSpace(settings.Schedule))
            {
                settings.Schedule = SourceCatalog.DefaultSchedule;
            }
        }
    }
}

internal sealed class SourcesOptionsValidator : IValidateOptions<SourcesOptions>
{
    public ValidateOptionsResult Validate(string? name, SourcesOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.UserAgent))
        {
            failures.Add("Sources:UserAgent must name the service.");
        }

        foreach (var source in SourceCatalog.Scraped)
        {
            var settings = options.For(source.Slug);
            var prefix = $"Sources:{source.OptionsName}";
            if (!Uri.TryCreate(settings.BaseUrl, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{prefix}:BaseUrl must be an absolute http(s) URL, not '{settings.BaseUrl}'.");
            }

            if (settings.Keywords.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{prefix}:Keywords must not hold blank keywords.");
            }

            if (settings.RequestsPerSecond is <= 0 or > 20 || double.IsNaN(settings.RequestsPerSecond))
            {
                failures.Add($"{prefix}:RequestsPerSecond must be above 0 and at most 20, not {settings.RequestsPerSecond}.");
            }

            if (settings.MaxPages is < 1 or > 1000)
            {
                failures.Add($"{prefix}:MaxPages must be from 1 to 1000.");
            }

            if (settings.MaxRetries is < 0 or > 10)
            {
                failures.Add($"{prefix}:MaxRetries must be from 0 to 10.");
            }

            if (settings.AttemptTimeoutSeconds <= 0 || settings.TotalTimeoutSeconds < settings.AttemptTimeoutSeconds)
            {
                failures.Add($"{prefix}: AttemptTimeoutSeconds must be positive and at most TotalTimeoutSeconds.");
            }

            if (settings.RetryDelaySeconds < 0 || settings.MaxRetryAfterSeconds < 0)
            {
                failures.Add($"{prefix}: RetryDelaySeconds and MaxRetryAfterSeconds must not be negative.");
            }

            if (settings.BreakerMinimumThroughput < 2 || settings.BreakerFailureRatio is <= 0 or > 1 || settings.BreakerBreakSeconds < 0.5)
            {
                failures.Add($"{prefix}: the circuit breaker needs MinimumThroughput >= 2, FailureRatio in (0, 1] and BreakSeconds >= 0.5.");
            }

            if (!string.IsNullOrWhiteSpace(settings.Schedule))
            {
                var expressions = SourceCatalog.CronExpressions(settings.Schedule);
                foreach (var invalid in expressions.Where(e => !IsCron(e)))
                {
                    failures.Add($"{prefix}:Schedule '{invalid}' is not a valid Quartz cron expression.");
                }

                if (expressions.Count is 0 or > 10)
                {
                    failures.Add($"{prefix}:Schedule needs from 1 to 10 cron expressions separated by ';'.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsCron(string expression)
    {
        try
        {
            _ = new Quartz.CronExpression(expression);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
