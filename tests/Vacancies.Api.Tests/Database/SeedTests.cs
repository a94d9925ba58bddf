using Dapper;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Database;

public sealed class SeedTests(DatabaseFixture database) : DatabaseTest(database)
{
    [Fact]
    public async Task Seeds_the_54_reference_units_with_unique_slugs()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var slugs = (await connection.QueryAsync<string>("select slug from units")).ToList();
        Assert.Equal(54, slugs.Count);
        Assert.Equal(54, slugs.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Every_unit_is_inside_the_British_Isles_or_has_no_coordinates()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var units = await connection.QueryAsync<(string Slug, double? Lat, double? Lon)>("select slug, lat, lon from units");
        foreach (var (slug, lat, lon) in units)
        {
            if (lat is null || lon is null)
            {
                Assert.True(lat is null && lon is null, $"{slug} has half a location");
                continue;
            }

            Assert.True(lat is >= 49.8 and <= 60.9 && lon is >= -10.7 and <= 1.8, $"{slug} at {lat},{lon} is outside the British Isles");
        }
    }

    [Fact]
    public async Task Counts_by_country_match_the_reference_data()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var counts = (await connection.QueryAsync<(string Country, long Count)>("select country, count(*) from units group by country"))
            .ToDictionary(r => r.Country, r => r.Count);
        Assert.Equal(39, counts["england"]); // 35 NHS and 4 private
        Assert.Equal(4, counts["scotland"]);
        Assert.Equal(2, counts["wales"]);
        Assert.Equal(1, counts["northern-ireland"]);
        Assert.Equal(8, counts["ireland"]);
    }

    [Fact]
    public async Task Fields_no_source_confirmed_are_kept_as_unverified()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var royalVictoria = await connection.QuerySingleAsync<string[]>("select unverified_fields from units where slug = 'royal-victoria-hospital'");
        Assert.Equal(["location", "services", "odsCode"], royalVictoria);
        var london = await connection.QuerySingleAsync<string[]>("select unverified_fields from units where slug = 'london-bridge-hospital'");
        Assert.Empty(london);
    }
}
