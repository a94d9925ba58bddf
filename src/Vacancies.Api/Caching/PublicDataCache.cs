using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Vacancies.Sweeps;

namespace Vacancies.Caching;

/// <summary>
/// The public answers (units, vacancies, feeds) are read far more often than they change: a board is swept every
/// half hour and a chief edits now and then. They are kept in memory, keyed by the whole URL, and evicted the moment
/// the database says anything they show has changed (<see cref="ChangeListener"/>).
/// </summary>
public static class PublicDataCache
{
    public const string PolicyName = "public-data";

    public static IServiceCollection AddPublicDataCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CacheOptions>()
            .Bind(configuration.GetSection(CacheOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CacheOptions>, CacheOptionsValidator>();
        services.AddSingleton<CacheFreshness>();
        services.AddSingleton<ChangeListener>();
        services.AddHostedService(provider => provider.GetRequiredService<ChangeListener>());
        services.AddOutputCache();
        services.AddOptions<OutputCacheOptions>().Configure<CacheFreshness, IOptions<CacheOptions>, TimeProvider>((cache, freshness, options, time) =>
        {
            cache.SizeLimit = options.Value.SizeLimitMegabytes * 1024L * 1024L;
            cache.AddPolicy(PolicyName, new Policy(freshness, options.Value, time));
        });
        return services;
    }

    /// <summary>Caches the group's answers under <see cref="PolicyName"/>.</summary>
    public static TBuilder WithPublicDataCache<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.CacheOutput(PolicyName);

    /// <summary>For endpoints that write what the public answers show: after a write, this node's cache is emptied
    /// before the response goes, so whoever made the change reads it back at once.</summary>
    public static TBuilder EvictsPublicData<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var http = context.HttpContext;
            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
            {
                await http.RequestServices.GetRequiredService<ChangeListener>().EvictAsync(http.RequestAborted);
            }

            return result;
        });

    private sealed class Policy(CacheFreshness freshness, CacheOptions options, TimeProvider time) : IOutputCachePolicy
    {
        private const string GenerationKey = "Vacancies.Caching.Generation";

        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellationToken)
        {
            var request = context.HttpContext.Request;
            // Anything sent with credentials may be answered for that caller alone.
            var usable = options.Enabled && freshness.Listening
                && HttpMethods.IsGet(request.Method)
                && !request.Headers.ContainsKey(HeaderNames.Authorization)
                && !request.Headers.ContainsKey(HeaderNames.Cookie);
            context.EnableOutputCaching = usable;
            context.AllowCacheLookup = usable;
            context.AllowCacheStorage = usable;
            context.AllowLocking = true;
            if (usable)
            {
                // Days left and what is open change with the date, which no notice announces.
                var untilTomorrow = UkCalendar.UntilTomorrow(time);
                var maxAge = TimeSpan.FromSeconds(options.MaxAgeSeconds);
                context.ResponseExpirationTimeSpan = untilTomorrow < maxAge ? untilTomorrow : maxAge;
                context.Tags.Add(ChangeListener.Tag);
                // The whole URL is the key: every query parameter (the signed cursor too) and the host, which the
                // feeds write into their links.
                context.CacheVaryByRules.QueryKeys = "*";
                context.CacheVaryByRules.VaryByHost = true;
                context.HttpContext.Items[GenerationKey] = freshness.Generation;
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellationToken)
        {
            var response = context.HttpContext.Response;
            var startedAt = context.HttpContext.Items[GenerationKey] as long?;
            // An answer whose reading overlapped an eviction may show the data from before the change: not kept.
            if (response.StatusCode != StatusCodes.Status200OK
                || response.Headers.ContainsKey(HeaderNames.SetCookie)
                || startedAt != freshness.Generation
                || !freshness.Listening)
            {
                context.AllowCacheStorage = false;
            }

            return ValueTask.CompletedTask;
        }
    }
}
