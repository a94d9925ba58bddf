using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vacancies.Database;
using Vacancies.Sweeps;

namespace Vacancies.Benchmarks;

/// <summary>
/// Upserting N synthetic listings in one sweep (SweepStore.SaveAsync: a first sweep where all are new, and a
/// re-sweep where all are seen and unchanged) against the floor of a bare binary COPY of the same rows into the
/// same temporary table. A timed harness rather than BenchmarkDotNet: every measurement needs the database put
/// back first, and each runs for seconds, so the statistics BenchmarkDotNet adds would cost minutes and say little.
/// </summary>
public static class IngestBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? db = null, output = null;
        int[] sizes = [10_000, 100_000];
        var repeat = 3;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--db": db = args[i + 1]; break;
                case "--out": output = args[i + 1]; break;
                case "--sizes": sizes = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--repeat": repeat = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        if (db is null)
        {
            Console.Error.WriteLine("ingest needs --db CONNECTION (a scratch database: its listings are deleted)");
            return 2;
        }

        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        await using var dataSource = NpgsqlDataSource.Create(db);
        await new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        // The same rule as seed-synthetic: this deletes listings, so never where a real one is stored.
        await SyntheticData.EnsureOnlySyntheticAsync(dataSource, CancellationToken.None);
        var store = new SweepStore(dataSource, TimeProvider.System);
        var unitIds = await SyntheticData.EnsureUnitsAsync(dataSource, 5_000, CancellationToken.None);

        var report = new StringBuilder()
            .AppendLine("| Listings | Bare COPY, temp table (floor) | Bare COPY, logged table | SaveAsync, all new | ratio to floor | ratio to logged | SaveAsync, re-sweep unchanged | ratio to floor | ratio to logged |")
            .AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var size in sizes)
        {
            var listings = SyntheticData.Listings("nhs-jobs", size, unitIds, seed: 1);
            var unchanged = listings.Select(l => l with { TouchOnly = true, AdvertRead = false }).ToList();
            var (copy, logged, fresh, again) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
            for (var r = 0; r < repeat; r++)
            {
                await ResetAsync(dataSource);
                copy.Add(await TimeAsync(() => BareCopyAsync(dataSource, listings)));
                logged.Add(await TimeAsync(() => LoggedCopyAsync(dataSource, listings)));
                var first = await store.BeginAsync("nhs-jobs", "bench", "manual", null, null, CancellationToken.None);
                fresh.Add(await TimeAsync(() => store.SaveAsync(first, "nhs-jobs", listings, complete: true, CancellationToken.None)));
                var second = await store.BeginAsync("nhs-jobs", "bench", "manual", null, null, CancellationToken.None);
                again.Add(await TimeAsync(() => store.SaveAsync(second, "nhs-jobs", unchanged, complete: true, CancellationToken.None)));
                Console.WriteLine(FormattableString.Invariant($"{size}: copy {copy[^1]:0} ms, logged copy {logged[^1]:0} ms, save new {fresh[^1]:0} ms, re-sweep {again[^1]:0} ms"));
            }

            var (c, l, f, a) = (Median(copy), Median(logged), Median(fresh), Median(again));
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {size:N0} | {c:0} ms | {l:0} ms | {f:0} ms | {f / c:0.0}x | {f / l:0.0}x | {a:0} ms | {a / c:0.0}x | {a / l:0.0}x |");
        }

        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Median of {repeat} runs each.");
        Console.WriteLine(report);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, report.ToString());
        }

        await ResetAsync(dataSource);
        return 0;
    }

    /// <summary>The floor: the same rows, the same binary COPY into the same temporary table, committed; no merge.</summary>
    private static async Task BareCopyAsync(NpgsqlDataSource dataSource, IReadOnlyList<IncomingListing> listings)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(SweepStore.CreateIncoming, transaction: transaction);
        await SweepStore.CopyAsync(connection, listings, CancellationToken.None);
        await transaction.CommitAsync();
    }

    /// <summary>The same COPY into an ordinary table of the same shape: what writing the rows durably costs (a temporary
    /// table writes no WAL), without indexes, constraints or the merge.</summary>
    private static async Task LoggedCopyAsync(NpgsqlDataSource dataSource, IReadOnlyList<IncomingListing> listings)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("drop table if exists incoming");
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // CopyAsync writes to "incoming": here an ordinary table of that name, as no temporary one hides it.
            await connection.ExecuteAsync(SweepStore.CreateIncoming.Replace("create temporary table", "create table", StringComparison.Ordinal)
                .Replace(") on commit drop", ")", StringComparison.Ordinal), transaction: transaction);
            await SweepStore.CopyAsync(connection, listings, CancellationToken.None);
            await transaction.CommitAsync();
        }

        await connection.ExecuteAsync("drop table incoming");
    }

    private static async Task ResetAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("truncate listing_changes, listings, vacancies, sweeps restart identity cascade");
        // Separately: VACUUM cannot share a batch with another statement.
        await connection.ExecuteAsync("vacuum analyze");
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
