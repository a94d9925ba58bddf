using Dapper;
using Npgsql;
using Vacancies.Database;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Database;

[Collection(DatabaseCollection.Name)]
public sealed class MigratorTests(DatabaseFixture database)
{
    [Fact]
    public async Task A_fresh_database_reaches_the_latest_schema_and_a_second_run_applies_nothing()
    {
        await using var dataSource = NpgsqlDataSource.Create(await database.CreateScratchDatabaseAsync());
        var migrator = DatabaseFixture.NewMigrator(dataSource);

        var applied = await migrator.MigrateAsync(CancellationToken.None);
        Assert.Equal(Migrator.EmbeddedScripts().Select(s => s.Name), applied);
        Assert.Empty(await migrator.MigrateAsync(CancellationToken.None));

        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal(54, await connection.ExecuteScalarAsync<long>("select count(*) from units"));
    }

    [Fact]
    public async Task Scripts_are_applied_in_number_order_and_recorded()
    {
        Assert.NotEmpty(Migrator.EmbeddedScripts());
        var names = Migrator.EmbeddedScripts().Select(s => s.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.All(names, n => Assert.Matches(@"^\d{3}_[a-z0-9_]+\.sql$", n));
    }

    [Fact]
    public async Task A_changed_applied_script_is_refused_and_nothing_else_runs()
    {
        await using var dataSource = NpgsqlDataSource.Create(await database.CreateScratchDatabaseAsync());
        var migrator = DatabaseFixture.NewMigrator(dataSource);
        var first = Migrator.ScriptFromText("001_first.sql", "create table first (id int)");
        await migrator.MigrateAsync([first], CancellationToken.None);

        var edited = Migrator.ScriptFromText("001_first.sql", "create table first (id bigint)");
        var next = Migrator.ScriptFromText("002_next.sql", "create table next (id int)");
        var refusal = await Assert.ThrowsAsync<MigrationException>(() => migrator.MigrateAsync([edited, next], CancellationToken.None));
        Assert.Contains("001_first.sql", refusal.Message);

        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.False(await connection.ExecuteScalarAsync<bool>("select to_regclass('next') is not null"));
    }

    [Fact]
    public async Task A_failing_script_rolls_back_whole_and_is_not_recorded()
    {
        await using var dataSource = NpgsqlDataSource.Create(await database.CreateScratchDatabaseAsync());
        var migrator = DatabaseFixture.NewMigrator(dataSource);
        var broken = Migrator.ScriptFromText("001_broken.sql", "create table half (id int); select 1/0;");
        await Assert.ThrowsAsync<PostgresException>(() => migrator.MigrateAsync([broken], CancellationToken.None));

        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.False(await connection.ExecuteScalarAsync<bool>("select to_regclass('half') is not null"));
        Assert.Empty(await migrator.AppliedAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Nodes_starting_together_apply_each_script_once()
    {
        await using var dataSource = NpgsqlDataSource.Create(await database.CreateScratchDatabaseAsync());
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => DatabaseFixture.NewMigrator(dataSource).MigrateAsync(CancellationToken.None)));
        Assert.Equal(Migrator.EmbeddedScripts().Count, runs.Sum(r => r.Count));
    }
}
