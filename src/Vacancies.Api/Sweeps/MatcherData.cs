using Dapper;
using Npgsql;
using Vacancies.Vacancies.Matching;

namespace Vacancies.Sweeps;

/// <summary>The units and their match terms, read once per sweep, as the matcher needs them.</summary>
public sealed class MatcherData(UnitMatcher matcher, IReadOnlyDictionary<int, string> countries)
{
    public UnitMatch Match(string? employer, string? location, string? postcode, string? title) => matcher.Match(employer, location, postcode, title);

    public string? CountryOf(int unitId) => countries.GetValueOrDefault(unitId);

    public static async Task<MatcherData> LoadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        const string sql = """
            select u.id, u.slug, u.name, u.employer, u.city, u.postcode, u.country,
                   coalesce(array_agg(t.term) filter (where t.kind = 'employer'), '{}') as EmployerTerms,
                   coalesce(array_agg(t.term) filter (where t.kind = 'site'), '{}') as SiteTerms
            from units u left join unit_match_terms t on t.unit_id = u.id
            group by u.id
            order by u.id
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(sql, cancellationToken: cancellationToken))).ToList();
        var units = rows.Select(r => new MatchableUnit(r.Id, r.Slug, r.Name, r.Employer, r.City, r.Postcode, r.EmployerTerms, r.SiteTerms)).ToList();
        return new MatcherData(new UnitMatcher(units), rows.ToDictionary(r => r.Id, r => r.Country));
    }

    private sealed class Row
    {
        public int Id { get; init; }
        public string Slug { get; init; } = "";
        public string Name { get; init; } = "";
        public string Employer { get; init; } = "";
        public string? City { get; init; }
        public string? Postcode { get; init; }
        public string Country { get; init; } = "";
        public string[] EmployerTerms { get; init; } = [];
        public string[] SiteTerms { get; init; } = [];
    }
}
