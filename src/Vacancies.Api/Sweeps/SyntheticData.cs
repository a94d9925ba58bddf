using System.Globalization;
using Dapper;
using Npgsql;
using Vacancies.Boards;
using Vacancies.Sources;

namespace Vacancies.Sweeps;

/// <summary>
/// Made-up units and vacancies for load tests and benchmarks, stored through the same <see cref="SweepStore"/>
/// as real sweeps. Every synthetic row is marked (unit slugs "synthetic-", listing refs "SYN-"), and nothing is
/// written to a database holding any listing that is not synthetic: a real service's data is never mixed with these.
/// </summary>
public static class SyntheticData
{
    public const string UnitSlugPrefix = "synthetic-";
    public const string RefPrefix = "SYN-";

    private static readonly string[] Countries = ["england", "scotland", "wales", "northern-ireland", "ireland"];
    private static readonly string[] Titles = ["Trainee Clinical Perfusion Scientist", "Clinical Perfusion Scientist", "Senior Clinical Perfusion Scientist", "Chief Clinical Perfusionist"];
    private static readonly Grade[] Grades = [Grade.Trainee, Grade.Clinical, Grade.Senior, Grade.Chief];

    public sealed class NotSyntheticException(long listings)
        : Exception($"The database holds {listings} listings that are not synthetic; synthetic data is only written to a database of its own.");

    public sealed record Seeded(int Units, int Vacancies, TimeSpan Elapsed);

    /// <summary>Adds synthetic units up to <paramref name="units"/> and <paramref name="vacancies"/> synthetic vacancies,
    /// spread over the scraped boards, each board's share saved in one sweep.</summary>
    public static async Task<Seeded> SeedAsync(NpgsqlDataSource dataSource, SweepStore store, string node, int vacancies, int units, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        await EnsureOnlySyntheticAsync(dataSource, cancellationToken);
        var unitIds = await EnsureUnitsAsync(dataSource, units, cancellationToken);
        var boards = SourceCatalog.Scraped;
        for (var b = 0; b < boards.Count; b++)
        {
            var share = vacancies / boards.Count + (b < vacancies % boards.Count ? 1 : 0);
            var sweepId = await store.BeginAsync(boards[b].Slug, node, "manual", null, null, cancellationToken);
            // Not complete: a seed adds to what earlier seeds stored and never closes it.
            var saved = await store.SaveAsync(sweepId, boards[b].Slug, Listings(boards[b].Slug, share, unitIds, seed: b), complete: false, cancellationToken);
            await store.FinishAsync(new SweepReport
            {
                Id = sweepId, Source = boards[b].Slug, Node = node, Outcome = SweepOutcome.Succeeded, PostsSeen = share, PerfusionPosts = share,
                New = saved.New, Updated = saved.Updated, Unmatched = saved.Unmatched, Error = "synthetic data", FinishedAt = DateTimeOffset.UtcNow,
            }, cancellationToken);
        }

        // Autovacuum would analyse the new rows in its own time; a benchmark run straight after needs the planner's
        // statistics now, or it plans for the empty tables it last saw.
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition("analyze units, vacancies, listings", cancellationToken: cancellationToken));
        }

        return new Seeded(unitIds.Count, vacancies, TimeProvider.System.GetElapsedTime(started));
    }

    /// <exception cref="NotSyntheticException">Any listing in the database is not synthetic.</exception>
    public static async Task EnsureOnlySyntheticAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var real = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from listings where not starts_with(source_ref, @prefix)", new { prefix = RefPrefix }, cancellationToken: cancellationToken));
        if (real > 0)
        {
            throw new NotSyntheticException(real);
        }
    }

    /// <summary>Synthetic units numbered 1..count (kept when already there), with the ids of all of them.</summary>
    public static async Task<IReadOnlyList<int>> EnsureUnitsAsync(NpgsqlDataSource dataSource, int count, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into units (slug, name, employer, city, country, region, postcode, lat, lon, services, sector, provenance)
            select @prefix || n, 'Synthetic Unit ' || n, 'Synthetic NHS Trust ' || (n % 500), 'Town ' || (n % 900),
                   (@countries)[1 + n % 5], 'Region ' || (n % 12), null, 50 + (n % 800) / 100.0, -6 + (n % 700) / 100.0,
                   array['adult-cardiac']::text[], 'public', 'synthetic'
            from generate_series(1, @count) n
            on conflict (slug) do nothing;
            select id from units where starts_with(slug, @prefix) order by id;
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<int>(new CommandDefinition(sql, new { prefix = UnitSlugPrefix, countries = Countries, count }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Listings as a sweep would store them, the same for the same arguments. About one in twenty has no unit,
    /// as real boards' unmatched employers do; refs are unique per board and seed.</summary>
    public static List<IncomingListing> Listings(string source, int count, IReadOnlyList<int> unitIds, int seed)
    {
        var random = new Random(seed);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var listings = new List<IncomingListing>(count);
        for (var i = 0; i < count; i++)
        {
            var level = random.Next(Titles.Length);
            var reference = string.Create(CultureInfo.InvariantCulture, $"{RefPrefix}{seed}-{i:0000000}");
            int? unitId = unitIds.Count > 0 && random.Next(20) > 0 ? unitIds[random.Next(unitIds.Count)] : null;
            var min = 30_000 + random.Next(40) * 1_000;
            var vacancy = new ParsedVacancy
            {
                SourceRef = reference,
                Url = $"https://synthetic.invalid/{source}/{reference}",
                Title = Titles[level],
                Employer = "Synthetic NHS Trust " + random.Next(500).ToString(CultureInfo.InvariantCulture),
                Location = "Town " + random.Next(900).ToString(CultureInfo.InvariantCulture),
                Salary = new Salary($"£{min:N0} to £{min + 8_000:N0} a year", min, min + 8_000, "GBP", SalaryPeriod.Year),
                Band = (6 + level).ToString(CultureInfo.InvariantCulture),
                PostedOn = today.AddDays(-random.Next(60)),
                ClosesOn = today.AddDays(1 + random.Next(60)),
                ContractType = "Permanent",
                WorkingPattern = "Full time",
                IsPerfusion = true,
                Grade = Grades[level],
                Advert = new AdvertDetails("A synthetic post for load tests. " + new string('x', 200 + random.Next(600)), reference + "-EMP",
                    new Contact("Alex Example", "Chief Perfusionist", "alex@synthetic.invalid", "01632 960000")),
            };
            listings.Add(new IncomingListing(vacancy, ListingFingerprint.Of(vacancy), AdvertRead: true, TouchOnly: false, unitId,
                unitId is { } id ? [id] : [], unitId is null ? null : "synthetic", unitId is null ? null : Countries[(unitId.Value) % 5]));
        }

        return listings;
    }
}
