using Dapper;
using Npgsql;
using Testcontainers.PostgreSql;
using Vacancies.Database;

namespace Vacancies.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL database for the whole collection: created fresh on the server that
/// VACANCIES_TEST_DB names (ops/test starts one from the local binaries), or, where that is unset and
/// Docker runs, in a Testcontainers PostgreSQL. Migrated once; <see cref="ResetAsync"/> puts the data
/// back to the seed before each test, so tests never depend on each other's order.
/// </summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    private PostgreSqlContainer? container;
    private string serverConnectionString = "";

    public string DatabaseName { get; } = $"vacancies_test_{Guid.NewGuid():N}";

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        serverConnectionString = Environment.GetEnvironmentVariable("VACANCIES_TEST_DB") ?? "";
        if (string.IsNullOrWhiteSpace(serverConnectionString))
        {
            if (!File.Exists("/var/run/docker.sock") && Environment.GetEnvironmentVariable("DOCKER_HOST") is null)
            {
                throw new InvalidOperationException(
                    "No test database: set VACANCIES_TEST_DB to a PostgreSQL connection string (ops/test does this), or run where Docker is available.");
            }

            container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            serverConnectionString = container.GetConnectionString();
        }

        ConnectionString = await CreateDatabaseAsync(serverConnectionString, DatabaseName);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        await NewMigrator(DataSource).MigrateAsync(CancellationToken.None);
    }

    /// <summary>A second, empty database on the same server, for tests of the migrations themselves.</summary>
    public async Task<string> CreateScratchDatabaseAsync() =>
        await CreateDatabaseAsync(serverConnectionString, $"vacancies_scratch_{Guid.NewGuid():N}");

    public static Migrator NewMigrator(NpgsqlDataSource dataSource) =>
        new(dataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance);

    /// <summary>Empties every table but the migration history (the scheduler's job store included), then replays the
    /// seed scripts (sql/NNN_*_seed.sql), which are plain inserts for exactly this.</summary>
    public async Task ResetAsync()
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        const string tablesSql = """
            select quote_ident(tablename) from pg_tables
            where schemaname = 'public' and tablename <> 'schema_migrations'
            """;
        var tables = (await connection.QueryAsync<string>(tablesSql)).ToList();
        if (tables.Count > 0)
        {
            await connection.ExecuteAsync($"truncate {string.Join(", ", tables)} restart identity cascade");
        }

        foreach (var seed in Migrator.EmbeddedScripts().Where(s => s.Name.EndsWith("_seed.sql", StringComparison.Ordinal)))
        {
            await connection.ExecuteAsync(seed.Sql);
        }
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (container is not null)
        {
            await container.DisposeAsync();
            return;
        }

        await using var server = new NpgsqlConnection(serverConnectionString);
        await server.OpenAsync();
        await server.ExecuteAsync($"drop database if exists \"{DatabaseName}\" with (force)");
    }

    private static async Task<string> CreateDatabaseAsync(string serverConnection, string name)
    {
        await using (var server = new NpgsqlConnection(serverConnection))
        {
            await server.OpenAsync();
            await server.ExecuteAsync($"create database \"{name}\"");
        }

        return new NpgsqlConnectionStringBuilder(serverConnection) { Database = name, Pooling = true, MaxPoolSize = 50 }.ConnectionString;
    }
}

[CollectionDefinition(Name)]
public sealed class DatabaseCollection : ICollectionFixture<DatabaseFixture>
{
    public const string Name = "database";
}
