using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using Vacancies.Boards;
using Vacancies.Database;
using Vacancies.Sources;
using Vacancies.Sweeps;
using Vacancies.Units;

namespace Vacancies.Hosting;

/// <summary>
/// The service's verbs. Arguments starting with "-" before any verb belong to the web host
/// (e.g. --urls), so `vacancies --urls http://127.0.0.1:5080` serves.
/// </summary>
public static class CommandLine
{
    public const int UsageExitCode = 2;

    public const string Usage = """
        usage: vacancies [VERB] [OPTIONS]

        verbs:
          serve [--urls URL]            serve the API and run the scheduler (the default verb;
                                        Scheduler__Enabled=false makes an API-only node)
          worker [--urls URL]           run the scheduler alone (health endpoints only)
          migrate                       apply pending database migrations
          units list [--country C]      list the unit directory
          scrape --source SLUG --once   run one sweep of a board and print its summary
          parse --source SLUG FILE      print what a saved board page holds, as JSON
          token issue --unit SLUG --name WHO [--expires-days N]
                                        issue a unit's token (printed once, on the last line)
          token issue --admin --name WHO [--expires-days N]
                                        issue an operator's token for every unit
          token list                    list tokens (never their secrets)
          seed-synthetic --vacancies N --units M
                                        fill a database of its own with synthetic units and vacancies
                                        (for load tests; refused where any listing is not synthetic)
          token revoke ID               revoke a token at once

        Configuration comes from appsettings.json and environment variables
        (ConnectionStrings__Vacancies, Database__MigrateOnStart, ...).
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
        var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        try
        {
            return verb switch
            {
                "serve" => await ServeAsync(rest, serveApi: true),
                "worker" => await ServeAsync(rest, serveApi: false),
                "migrate" => await MigrateAsync(rest),
                "units" => await UnitsAsync(rest),
                "scrape" => await ScrapeAsync(rest),
                "parse" => Parse(rest),
                "token" => await Chiefs.TokenCommand.RunAsync(rest),
                "seed-synthetic" => await SeedSyntheticAsync(rest),
                "help" or "--help" or "-h" => PrintUsage(Console.Out, 0),
                _ => UsageError($"unknown verb '{verb}'"),
            };
        }
        catch (OptionsValidationException exception)
        {
            await Console.Error.WriteLineAsync($"vacancies: invalid configuration: {string.Join("; ", exception.Failures)}");
            return 1;
        }
        catch (MigrationException exception)
        {
            await Console.Error.WriteLineAsync($"vacancies: {exception.Message}");
            return 1;
        }
    }

    private static async Task<int> ServeAsync(string[] hostArgs, bool serveApi)
    {
        if (!serveApi)
        {
            // A worker is a scheduler node whatever the configuration says, on a port nobody needs to know.
            Environment.SetEnvironmentVariable("Scheduler__Enabled", "true");
            if (!hostArgs.Any(a => a.StartsWith("--urls", StringComparison.Ordinal)))
            {
                hostArgs = [.. hostArgs, "--urls", "http://127.0.0.1:0"];
            }
        }

        var app = VacanciesHost.Build(hostArgs, serveApi);
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            await app.Services.GetRequiredService<Migrator>().MigrateAsync(CancellationToken.None);
        }

        await app.RunAsync();
        return 0;
    }

    private static async Task<int> MigrateAsync(string[] args)
    {
        if (args.Length > 0)
        {
            return UsageError($"migrate takes no options, not '{args[0]}'");
        }

        await using var app = VacanciesHost.Build([]);
        using var cancel = ConsoleCancellation();
        var applied = await app.Services.GetRequiredService<Migrator>().MigrateAsync(cancel.Token);
        Console.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
        return 0;
    }

    private static async Task<int> UnitsAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != "list")
        {
            return UsageError("units takes the sub-verb 'list'");
        }

        string? country = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--country" && i + 1 < args.Length && UnitVocabulary.Countries.Contains(args[i + 1]))
            {
                country = args[++i];
            }
            else
            {
                return UsageError($"bad option '{args[i]}' for units list (--country {string.Join("|", UnitVocabulary.Countries)})");
            }
        }

        await using var app = VacanciesHost.Build([]);
        using var cancel = ConsoleCancellation();
        var units = await UnitsQueries.ListForConsoleAsync(app.Services.GetRequiredService<NpgsqlDataSource>(), country, cancel.Token);
        Console.WriteLine($"{"SLUG",-45} {"COUNTRY",-17} {"CITY",-14} UNCONFIRMED");
        foreach (var unit in units)
        {
            Console.WriteLine($"{unit.Slug,-45} {unit.Country,-17} {unit.City,-14} {string.Join(",", unit.UnverifiedFields)}");
        }

        Console.WriteLine($"{units.Count} units");
        return 0;
    }

    private static async Task<int> ScrapeAsync(string[] args)
    {
        var flags = Flags.Read(args, valued: ["--source"], switches: ["--once"]);
        if (flags.Error is { } error)
        {
            return UsageError(error);
        }

        if (!flags.Has("--once"))
        {
            return UsageError("scrape runs one sweep and needs --once (the scheduler runs them on a schedule)");
        }

        var slug = flags.Value("--source");
        if (slug is null || SourceCatalog.Find(slug) is null)
        {
            return UsageError($"scrape needs --source, one of: {string.Join(", ", SourceCatalog.Slugs)}");
        }

        await using var app = VacanciesHost.Build([]);
        using var cancel = ConsoleCancellation();
        try
        {
            var report = await app.Services.GetRequiredService<Sweeper>().RunAsync(slug, "manual", cancel.Token);
            Console.WriteLine(report.Summary());
            return report.Outcome == SweepOutcome.Succeeded ? 0 : 1;
        }
        catch (SweepAlreadyRunningException exception)
        {
            await Console.Error.WriteLineAsync($"vacancies: {exception.Message}");
            return 1;
        }
    }

    private static async Task<int> SeedSyntheticAsync(string[] args)
    {
        var flags = Flags.Read(args, valued: ["--vacancies", "--units"], switches: []);
        if (flags.Error is { } error)
        {
            return UsageError(error);
        }

        if (!int.TryParse(flags.Value("--vacancies"), NumberStyles.None, CultureInfo.InvariantCulture, out var vacancies) || vacancies is < 1 or > 1_000_000
            || !int.TryParse(flags.Value("--units"), NumberStyles.None, CultureInfo.InvariantCulture, out var units) || units is < 1 or > 100_000
            || flags.Positional.Count > 0)
        {
            return UsageError("seed-synthetic needs --vacancies N (1 to 1000000) and --units M (1 to 100000)");
        }

        await using var app = VacanciesHost.Build([]);
        using var cancel = ConsoleCancellation();
        try
        {
            var seeded = await SyntheticData.SeedAsync(app.Services.GetRequiredService<NpgsqlDataSource>(), app.Services.GetRequiredService<SweepStore>(),
                app.Services.GetRequiredService<NodeIdentity>().Name, vacancies, units, cancel.Token);
            Console.WriteLine($"Seeded {seeded.Vacancies} synthetic vacancies over {seeded.Units} synthetic units in {seeded.Elapsed.TotalSeconds:0.0} s.");
            return 0;
        }
        catch (SyntheticData.NotSyntheticException exception)
        {
            await Console.Error.WriteLineAsync($"vacancies: refused: {exception.Message}");
            return 1;
        }
    }

    private static int Parse(string[] args)
    {
        var flags = Flags.Read(args, valued: ["--source"], switches: []);
        if (flags.Error is { } error)
        {
            return UsageError(error);
        }

        var slug = flags.Value("--source");
        var source = slug is null ? null : SourceCatalog.Find(slug);
        if (source is null)
        {
            return UsageError($"parse needs --source, one of: {string.Join(", ", SourceCatalog.Slugs)}");
        }

        if (flags.Positional.Count != 1)
        {
            return UsageError("parse needs exactly one FILE");
        }

        var file = flags.Positional[0];
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"vacancies: no such file: {file}");
            return 1;
        }

        try
        {
            var page = source.Parser.Parse(File.ReadAllText(file, System.Text.Encoding.UTF8));
            Console.WriteLine(PageJson.Write(page));
            return 0;
        }
        catch (PageFormatException exception)
        {
            Console.Error.WriteLine($"vacancies: {file} is not a {slug} page this parser can read: {exception.Message}");
            return 1;
        }
    }

    internal static CancellationTokenSource ConsoleCancellation()
    {
        var source = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            source.Cancel();
        };
        return source;
    }

    internal static int UsageError(string message)
    {
        Console.Error.WriteLine($"vacancies: {message}");
        return PrintUsage(Console.Error, UsageExitCode);
    }

    private static int PrintUsage(TextWriter writer, int exitCode)
    {
        writer.WriteLine(Usage);
        return exitCode;
    }
}
