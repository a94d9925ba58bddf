using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Vacancies.Sources;

/// <summary>
/// One HttpClient per board, each behind a resilience pipeline: a total timeout, retries with
/// jittered exponential backoff that honour Retry-After and never retry 403/404, a circuit breaker,
/// one request at a time per host at the configured rate, and a per-attempt timeout.
/// </summary>
public static class BoardHttp
{
    public static string ClientName(string source) => "board:" + source;

    public static IServiceCollection AddBoardHttpClients(this IServiceCollection services)
    {
        services.AddSingleton<HostPoliteness>();
        services.AddTransient<RequestCountingHandler>();
        foreach (var source in SourceCatalog.Scraped)
        {
            var client = services.AddHttpClient(ClientName(source.Slug), (provider, http) =>
                {
                    var options = provider.GetRequiredService<IOptions<SourcesOptions>>().Value;
                    http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
                    http.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
                    http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB,en;q=0.8");
                    // The pipeline's own timeouts govern; HttpClient's would cut across them.
                    http.Timeout = Timeout.InfiniteTimeSpan;
                    http.MaxResponseContentBufferSize = 16 * 1024 * 1024;
                })
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
                {
                    AutomaticDecompression = DecompressionMethods.All,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    AllowAutoRedirect = true,
                    MaxAutomaticRedirections = 5,
                });
            client.AddResilienceHandler("polite", (pipeline, context) =>
                {
                    var settings = context.ServiceProvider.GetRequiredService<IOptions<SourcesOptions>>().Value.For(source.Slug);
                    var politeness = context.ServiceProvider.GetRequiredService<HostPoliteness>();
                    var host = new Uri(settings.BaseUrl).Authority;
                    BuildPipeline(pipeline, settings, politeness.For(host, settings.RequestsPerSecond));
                });
            // Added after the resilience handler, so it sits inside it and sees every attempt.
            client.AddHttpMessageHandler<RequestCountingHandler>();
        }

        return services;
    }

    private static void BuildPipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, SourceOptions settings, HostPoliteness.Limiters limiters)
    {
        pipeline.AddTimeout(TimeSpan.FromSeconds(settings.TotalTimeoutSeconds));
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(settings.MaxRetries, 0),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(settings.RetryDelaySeconds),
            MaxDelay = TimeSpan.FromSeconds(Math.Max(settings.MaxRetryAfterSeconds, settings.RetryDelaySeconds)),
            ShouldRetryAfterHeader = true,
            // A board asking for a longer wait than we honour is not retried sooner: that would be the opposite of
            // what it asked. The 429 reaches the sweep, which records it as blocked.
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome) && !AsksLongerThanHonoured(args.Outcome.Result, settings)),
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, settings)),
        });
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = settings.BreakerFailureRatio,
            MinimumThroughput = settings.BreakerMinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, settings.BreakerBreakSeconds)),
            BreakDuration = TimeSpan.FromSeconds(settings.BreakerBreakSeconds),
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
        });
        // Inside the retry, so that retries too wait their turn and keep to the rate.
        pipeline.AddRateLimiter(limiters.OneAtATime);
        pipeline.AddRateLimiter(limiters.Rate);
        pipeline.AddTimeout(TimeSpan.FromSeconds(settings.AttemptTimeoutSeconds));
    }

    /// <summary>Worth another try: timeouts, 408, 429 and 5xx, and connection failures; a 403 or 404
    /// is the board's answer, never retried.</summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
        { Exception: not null } => false,
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
        _ => false,
    };

    /// <summary>The delay a Retry-After asks for, when it is within what we honour; otherwise null, so the
    /// retry strategy uses its own jittered backoff. A longer wait is not retried at all (<see cref="AsksLongerThanHonoured"/>).</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, SourceOptions settings)
    {
        if (AskedDelay(response) is not { } delay)
        {
            return null;
        }

        var seconds = Math.Clamp(delay.TotalSeconds, 0, settings.MaxRetryAfterSeconds);
        return TimeSpan.FromSeconds(seconds);
    }

    internal static bool AsksLongerThanHonoured(HttpResponseMessage? response, SourceOptions settings) =>
        AskedDelay(response) is { } delay && delay.TotalSeconds > settings.MaxRetryAfterSeconds;

    private static TimeSpan? AskedDelay(HttpResponseMessage? response) =>
        response?.Headers.RetryAfter is not { } retryAfter ? null
            : retryAfter.Delta ?? (retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : null);
}

/// <summary>The politeness limiters of each host, shared by every client that reads it.</summary>
public sealed class HostPoliteness : IDisposable
{
    private readonly ConcurrentDictionary<string, Limiters> byHost = new(StringComparer.OrdinalIgnoreCase);

    public sealed record Limiters(RateLimiter OneAtATime, RateLimiter Rate);

    public Limiters For(string host, double requestsPerSecond) => byHost.GetOrAdd(host, _ => new Limiters(
        new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 10_000, QueueProcessingOrder = QueueProcessingOrder.OldestFirst }),
        new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1 / requestsPerSecond),
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        })));

    public void Dispose()
    {
        foreach (var limiters in byHost.Values)
        {
            limiters.OneAtATime.Dispose();
            limiters.Rate.Dispose();
        }
    }
}

/// <summary>Counts every attempt that reaches the wire, retries included, for the sweep's record.</summary>
internal sealed class RequestCountingHandler : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<RequestCounter> Counter = new("vacancies.request-counter");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(Counter, out var counter))
        {
            counter.Increment();
        }

        return base.SendAsync(request, cancellationToken);
    }
}

public sealed class RequestCounter
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public void Increment() => Interlocked.Increment(ref count);
}
