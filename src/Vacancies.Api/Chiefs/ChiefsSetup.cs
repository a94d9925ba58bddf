using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Vacancies.Http;

namespace Vacancies.Chiefs;

public static class ChiefsSetup
{
    /// <summary>Marks an endpoint as a chief's write, which the rate limits apply to.</summary>
    public sealed class WriteEndpoint
    {
        public static readonly WriteEndpoint Instance = new();
    }

    public static IServiceCollection AddChiefs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ChiefsOptions>()
            .Bind(configuration.GetSection(ChiefsOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChiefsOptions>, ChiefsOptionsValidator>();
        services.AddSingleton<ApiTokens>();
        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ChiefClaims.Policy, policy => policy.AddAuthenticationSchemes(BearerTokenHandler.SchemeName).RequireAuthenticatedUser());
        services.AddRateLimiter(_ => { });
        services.AddSingleton<IConfigureOptions<RateLimiterOptions>, ConfigureWriteLimits>();
        return services;
    }

    /// <summary>Authentication first, so the limits know the token; the limits before authorization, so
    /// someone guessing tokens is slowed down by address too.</summary>
    public static WebApplication UseChiefs(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Two limits chained on every write: per token and per client address. Other endpoints
    /// pass through untouched.</summary>
    private sealed class ConfigureWriteLimits(IOptions<ChiefsOptions> chiefs) : IConfigureOptions<RateLimiterOptions>
    {
        public void Configure(RateLimiterOptions options)
        {
            var limits = chiefs.Value;
            var window = TimeSpan.FromSeconds(limits.WindowSeconds);
            var perToken = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                !IsWrite(context) || context.User.FindFirstValue(ChiefClaims.TokenId) is not { } tokenId
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetFixedWindowLimiter("token:" + tokenId, _ => Window(limits.PermitsPerToken, window)));
            var perAddress = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                !IsWrite(context)
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetFixedWindowLimiter("address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), _ => Window(limits.PermitsPerAddress, window)));
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(perToken, perAddress);
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Problems.Status(StatusCodes.Status429TooManyRequests, "Too many requests", "Too many changes in a short time; try again after the Retry-After seconds.")
                    .ExecuteAsync(context.HttpContext);
            };
        }

        private static bool IsWrite(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<WriteEndpoint>() is not null;

        private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
