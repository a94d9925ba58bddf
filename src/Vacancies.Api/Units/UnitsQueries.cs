using Dapper;
using Npgsql;

namespace Vacancies.Units;

internal static class UnitsQueries
{
    public static async Task<IReadOnlyList<UnitRow>> ListForConsoleAsync(NpgsqlDataSource dataSource, string? country, CancellationToken cancellationToken)
    {
        const string sql = """
            select slug, name, employer, city, country, unverified_fields
            from units
            where @country::text is null or country = @country
            order by country, slug
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<UnitRow>(new CommandDefinition(sql, new { country }, cancellationToken: cancellationToken))).ToList();
    }
}
