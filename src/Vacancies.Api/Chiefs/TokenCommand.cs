using System.Globalization;
using Vacancies.Hosting;

namespace Vacancies.Chiefs;

/// <summary>`vacancies token issue|list|revoke`: the operators' way to hand a chief a token.</summary>
internal static class TokenCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sub = args.Length > 0 ? args[0] : "";
        var flags = Flags.Read(args.Length > 0 ? args[1..] : [], valued: ["--unit", "--name", "--expires-days"], switches: ["--admin"]);
        if (flags.Error is { } error)
        {
            return CommandLine.UsageError(error);
        }

        return sub switch
        {
            "issue" => await IssueAsync(flags),
            "list" when flags.Positional.Count == 0 && !flags.Has("--unit") && !flags.Has("--name") && !flags.Has("--admin") && !flags.Has("--expires-days") => await ListAsync(),
            "revoke" when flags.Positional.Count == 1 && long.TryParse(flags.Positional[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) => await RevokeAsync(id),
            "revoke" => CommandLine.UsageError("token revoke needs the token's ID (see token list)"),
            _ => CommandLine.UsageError("token takes the sub-verbs issue, list or revoke"),
        };
    }

    private static string Actor => "cli:" + Environment.UserName;

    private static async Task<int> IssueAsync(Flags flags)
    {
        var unit = flags.Value("--unit");
        var admin = flags.Has("--admin");
        var name = flags.Value("--name")?.Trim();
        if ((unit is null) == !admin || flags.Positional.Count > 0)
        {
            return CommandLine.UsageError("token issue needs either --unit SLUG or --admin");
        }

        if (string.IsNullOrEmpty(name) || name.Length > 200 || name.Any(char.IsControl))
        {
            return CommandLine.UsageError("token issue needs --name \"WHO\" (one line, at most 200 characters): who holds the token");
        }

        int? days = null;
        if (flags.Value("--expires-days") is { } rawDays)
        {
            if (!int.TryParse(rawDays, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed is < 1 or > 3650)
            {
                return CommandLine.UsageError("--expires-days must be a whole number from 1 to 3650");
            }

            days = parsed;
        }

        await using var app = VacanciesHost.Build([]);
        using var cancel = CommandLine.ConsoleCancellation();
        var issued = await app.Services.GetRequiredService<ApiTokens>().IssueAsync(unit, name, days, Actor, cancel.Token);
        if (issued is null)
        {
            await Console.Error.WriteLineAsync($"vacancies: no unit has the slug '{unit}' (see units list)");
            return 1;
        }

        var expires = issued.ExpiresAt is { } at ? "expires " + at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "does not expire";
        Console.WriteLine($"Issued token {issued.Id} for {(unit is null ? "admin" : "unit " + unit)} held by {name}; it {expires}.");
        Console.WriteLine("It is shown only this once and stored only as a hash: pass it on securely.");
        Console.WriteLine(issued.Token);
        return 0;
    }

    private static async Task<int> ListAsync()
    {
        await using var app = VacanciesHost.Build([]);
        using var cancel = CommandLine.ConsoleCancellation();
        var tokens = await app.Services.GetRequiredService<ApiTokens>().ListAsync(cancel.Token);
        Console.WriteLine($"{"ID",-5} {"UNIT",-45} {"STATE",-8} {"EXPIRES",-17} {"LAST USED",-17} NAME");
        foreach (var token in tokens)
        {
            var state = token.RevokedAt is not null ? "revoked" : token.ExpiresAt < DateTime.UtcNow ? "expired" : "active";
            Console.WriteLine($"{token.Id,-5} {token.UnitSlug ?? "(admin)",-45} {state,-8} {Time(token.ExpiresAt),-17} {Time(token.LastUsedAt),-17} {token.Name}");
        }

        Console.WriteLine($"{tokens.Count} tokens");
        return 0;
    }

    private static async Task<int> RevokeAsync(long id)
    {
        await using var app = VacanciesHost.Build([]);
        using var cancel = CommandLine.ConsoleCancellation();
        if (!await app.Services.GetRequiredService<ApiTokens>().RevokeAsync(id, Actor, cancel.Token))
        {
            await Console.Error.WriteLineAsync($"vacancies: no active token has the ID {id} (see token list)");
            return 1;
        }

        Console.WriteLine($"Revoked token {id}; it stops working at once.");
        return 0;
    }

    private static string Time(DateTime? at) => at?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-";
}
