using Dapper;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Hosting;

/// <summary>`seed-synthetic`: fills a database of its own, and never one holding real listings.</summary>
public sealed class SeedSyntheticTests(DatabaseFixture database) : DatabaseTest(database)
{
    private Task<(int Exit, string Out, string Error)> RunAsync(params string[] args) =>
        CommandLineRunner.RunAsync(Database.ConnectionString, null, args);

    [Fact]
    public async Task Seeds_synthetic_units_and_open_vacancies_spread_over_the_boards()
    {
        var (exit, output, error) = await RunAsync("seed-synthetic", "--vacancies", "1000", "--units", "40");

        Assert.True(exit == 0, error);
        Assert.Contains("Seeded 1000 synthetic vacancies over 40 synthetic units", output);
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        Assert.Equal(40, await connection.ExecuteScalarAsync<long>("select count(*) from units where slug like 'synthetic-%'"));
        Assert.Equal(1000, await connection.ExecuteScalarAsync<long>("select count(*) from vacancies where status = 'open'"));
        Assert.Equal(5, await connection.ExecuteScalarAsync<long>("select count(distinct source) from listings"));

        // Again, smaller: the same units are kept, the listings made again are the same ones (made from a fixed
        // seed) and are updated in place, and the ones not made this time stay open: a seed never closes anything.
        var (again, _, againError) = await RunAsync("seed-synthetic", "--vacancies", "10", "--units", "40");
        Assert.True(again == 0, againError);
        Assert.Equal(40, await connection.ExecuteScalarAsync<long>("select count(*) from units where slug like 'synthetic-%'"));
        Assert.Equal(1000, await connection.ExecuteScalarAsync<long>("select count(*) from vacancies where status = 'open'"));
        Assert.Equal(1000, await connection.ExecuteScalarAsync<long>("select count(*) from listings"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from listing_changes where kind = 'closed'"));
    }

    [Fact]
    public async Task Refuses_a_database_holding_any_listing_that_is_not_synthetic()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            insert into vacancies (id, primary_listing_id) overriding system value values (1, 1);
            insert into listings (id, vacancy_id, source, source_ref, url, title) overriding system value
            values (1, 1, 'nhs-jobs', 'C1-REAL', 'https://www.jobs.nhs.uk/candidate/jobadvert/C1-REAL', 'Clinical Perfusion Scientist');
            """);

        var (exit, _, error) = await RunAsync("seed-synthetic", "--vacancies", "10", "--units", "2");

        Assert.Equal(1, exit);
        Assert.Contains("refused", error);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from units where slug like 'synthetic-%'"));
    }

    [Theory]
    [InlineData("seed-synthetic")]
    [InlineData("seed-synthetic", "--vacancies", "0", "--units", "1")]
    [InlineData("seed-synthetic", "--vacancies", "10", "--units", "x")]
    public async Task Bad_options_are_a_usage_error(params string[] args) => Assert.Equal(2, (await RunAsync(args)).Exit);
}
