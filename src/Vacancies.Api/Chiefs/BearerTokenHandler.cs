using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Vacancies.Http;

namespace Vacancies.Chiefs;

/// <summary>
/// `Authorization: Bearer TOKEN` against api_tokens. Never logs or echoes the token: a failure says
/// only that the token was not accepted, so a log line cannot leak a secret someone pasted.
/// </summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("The Authorization header is not a Bearer token.");
        }

        var identity = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (identity is null)
        {
            return AuthenticateResult.Fail("The bearer token is unknown, revoked or expired.");
        }

        var claims = new List<Claim>
        {
            new(ChiefClaims.TokenId, identity.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, identity.Name),
        };
        if (identity.UnitId is { } unitId)
        {
            claims.Add(new Claim(ChiefClaims.UnitId, unitId.ToString(CultureInfo.InvariantCulture)));
        }

        if (identity.IsAdmin)
        {
            claims.Add(new Claim(ClaimTypes.Role, ChiefClaims.AdminRole));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = result.Failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await TypedResults.Problem(
            result.Failure is null ? "This needs a bearer token: Authorization: Bearer TOKEN." : "The bearer token is unknown, revoked or expired.",
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Forbidden().ExecuteAsync(Context);
}

/// <summary>The claims a token gives, and what they allow.</summary>
public static class ChiefClaims
{
    public const string TokenId = "pv:token_id";
    public const string UnitId = "pv:unit_id";
    public const string AdminRole = "admin";
    public const string Policy = "chief";

    public static long Token(ClaimsPrincipal user) => long.Parse(user.FindFirstValue(TokenId)!, CultureInfo.InvariantCulture);

    public static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    /// <summary>A unit's own token, or an operator's.</summary>
    public static bool MayActOn(ClaimsPrincipal user, int unitId) =>
        user.IsInRole(AdminRole) || user.FindFirstValue(UnitId) == unitId.ToString(CultureInfo.InvariantCulture);
}
