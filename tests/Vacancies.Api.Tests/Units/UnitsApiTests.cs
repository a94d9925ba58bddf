using System.Net;
using System.Text.Json.Nodes;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Units;

public sealed class UnitsApiTests(DatabaseFixture database) : ApiTest(database)
{
    [Fact]
    public async Task Lists_every_seeded_unit_with_the_contract_fields()
    {
        var list = await GetJsonAsync("/units");
        Assert.Equal(54, (int)list["count"]!);
        var units = list["units"]!.AsArray();
        Assert.Equal(54, units.Count);
        var barts = units.Single(u => (string)u!["slug"]! == "st-bartholomews-hospital")!;
        Assert.Equal("Barts Health NHS Trust", (string)barts["employer"]!);
        Assert.Equal("england", (string)barts["country"]!);
        Assert.Equal("EC1A 7BE", (string)barts["postcode"]!);
        Assert.Equal(51.5177, (double)barts["location"]!["lat"]!);
        Assert.Equal(["adult-cardiac"], barts["services"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(["region"], barts["unverifiedFields"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(0, (int)barts["openVacancies"]!);
        Assert.Null(barts["distanceKm"]);
    }

    [Fact]
    public async Task A_unit_without_coordinates_has_a_null_location()
    {
        var unit = await GetJsonAsync("/units/bon-secours-hospital-cork");
        Assert.Null(unit["location"]);
        Assert.Null(unit["postcode"]);
    }

    [Theory]
    [InlineData("country=scotland", 4)]
    [InlineData("country=wales", 2)]
    [InlineData("country=northern-ireland", 1)]
    [InlineData("country=ireland", 8)]
    [InlineData("country=Scotland&country=wales", 6)]
    [InlineData("sector=private", 7)]
    [InlineData("sector=private&country=ireland", 3)]
    [InlineData("service=heart-transplant&service=lung-transplant", 6)]
    [InlineData("service=pea", 1)]
    [InlineData("region=north%20west", 5)]
    [InlineData("q=guy%27s", 4)]
    [InlineData("q=manchester", 2)]
    [InlineData("q=cork", 2)]
    [InlineData("q=%25", 0)]
    public async Task Filters_narrow_the_directory(string query, int expected)
    {
        var list = await GetJsonAsync("/units?" + query);
        Assert.Equal(expected, (int)list["count"]!);
        Assert.Equal(expected, list["units"]!.AsArray().Count);
    }

    [Fact]
    public async Task Near_sorts_by_distance_and_limits_by_radius()
    {
        // Manchester city centre: MRI is about 2 km away, Wythenshawe about 11 km.
        var list = await GetJsonAsync("/units?near=53.4808,-2.2426&radiusKm=50");
        var units = list["units"]!.AsArray();
        Assert.Equal("manchester-royal-infirmary", (string)units[0]!["slug"]!);
        Assert.Equal("wythenshawe-hospital", (string)units[1]!["slug"]!);
        var distances = units.Select(u => (double)u!["distanceKm"]!).ToList();
        Assert.Equal(distances.Order(), distances);
        Assert.All(distances, d => Assert.True(d <= 50));
        Assert.InRange(distances[0], 1, 4);
    }

    [Fact]
    public async Task Near_without_radius_keeps_every_located_unit()
    {
        var list = await GetJsonAsync("/units?near=51.5,-0.12");
        Assert.Equal(53, (int)list["count"]!); // Bon Secours Cork has no coordinates
    }

    [Theory]
    [InlineData("country=atlantis", "country")]
    [InlineData("service=dialysis", "service")]
    [InlineData("sector=charity", "sector")]
    [InlineData("region=mordor", "region")]
    [InlineData("near=91,0", "near")]
    [InlineData("near=abc", "near")]
    [InlineData("near=51.5", "near")]
    [InlineData("near=51.5,-0.1,3", "near")]
    [InlineData("near=NaN,0", "near")]
    [InlineData("near=51.5,-0.1&radiusKm=0", "radiusKm")]
    [InlineData("near=51.5,-0.1&radiusKm=2001", "radiusKm")]
    [InlineData("near=51.5,-0.1&radiusKm=ten", "radiusKm")]
    [InlineData("radiusKm=10", "radiusKm")]
    [InlineData("q=a&q=b", "q")]
    public async Task Bad_filters_are_400_problems_naming_the_parameter(string query, string parameter)
    {
        using var response = await Client.GetAsync("/units?" + query);
        await AssertProblemAsync(response, 400, parameter);
    }

    [Fact]
    public async Task An_oversized_query_is_a_400_not_a_500()
    {
        using var response = await Client.GetAsync("/units?q=" + new string('x', 5000));
        await AssertProblemAsync(response, 400, "q");
    }

    [Fact]
    public async Task Sql_in_a_filter_is_only_text()
    {
        var list = await GetJsonAsync("/units?q=" + Uri.EscapeDataString("'; drop table units; --"));
        Assert.Equal(0, (int)list["count"]!);
        Assert.Equal(54, (int)(await GetJsonAsync("/units"))["count"]!);
    }

    [Fact]
    public async Task One_unit_carries_everything_known_about_it()
    {
        var unit = await GetJsonAsync("/units/golden-jubilee-university-national-hospital");
        Assert.Equal("NHS Golden Jubilee", (string)unit["employer"]!);
        Assert.Equal(["name", "employer", "location", "services"], unit["unverifiedFields"]!.AsArray().Select(s => (string)s!));
        Assert.Contains("P-gjnh-jobpack", (string)unit["provenance"]!);
        Assert.NotNull(unit["odsCode"]);
        Assert.NotNull(unit["notes"]);
    }

    [Fact]
    public async Task An_unknown_slug_is_a_404_problem()
    {
        using var response = await Client.GetAsync("/units/no-such-unit");
        var problem = await AssertProblemAsync(response, 404);
        Assert.Contains("no-such-unit", (string)problem["detail"]!);
    }

    [Fact]
    public async Task Health_live_and_ready_answer()
    {
        using var live = await Client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var ready = await GetJsonAsync("/health/ready");
        Assert.Equal("Healthy", (string)ready["checks"]!["database"]!["status"]!);
        // No board has been swept in a fresh database: reported, without failing readiness.
        Assert.Equal("Degraded", (string)ready["checks"]!["boards"]!["status"]!);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_units_endpoints()
    {
        var document = await GetJsonAsync("/openapi/v1.json");
        var paths = document["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/units"), string.Join(",", paths.Select(p => p.Key)));
        Assert.True(paths.ContainsKey("/units/{slug}"));
    }
}
