using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Vacancies.Database;

/// <summary>Ready means the database answers and holds every migration this build ships.</summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            const string sql = "select coalesce((select array_agg(name) from schema_migrations), '{}') ";
            var applied = await connection.ExecuteScalarAsync<string[]>(new CommandDefinition(sql, cancellationToken: cancellationToken)) ?? [];
            var missing = Migrator.EmbeddedScripts().Select(s => s.Name).Except(applied, StringComparer.Ordinal).ToList();
            return missing.Count == 0
                ? HealthCheckResult.Healthy("Database reachable and migrated.")
                : HealthCheckResult.Unhealthy($"Database is missing migrations: {string.Join(", ", missing)}.");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("Database unreachable.", exception);
        }
    }
}
