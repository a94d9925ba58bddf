using System.Text.Json.Nodes;
using Vacancies.Sweeps;
using Vacancies.Tests.Infrastructure;
using Vacancies.Tests.Sweeps;

namespace Vacancies.Tests.Hosting;

/// <summary>The verbs as an operator runs them: `parse` on every fixture page, `scrape --once`, and usage errors.</summary>
public sealed class CommandLineTests(DatabaseFixture database) : DatabaseTest(database)
{
    private Task<(int Exit, string Out, string Error)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        CommandLineRunner.RunAsync(Database.ConnectionString, environment, args);

    public static TheoryData<string, string> FixturePages()
    {
        var data = new TheoryData<string, string>();
        foreach (var board in new[] { "nhs-jobs", "nhs-scotland", "hsc-ni", "hse", "publicjobs" })
        {
            foreach (var expected in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", board, "expected"), "*.json").Order(StringComparer.Ordinal))
            {
                data.Add(board, Path.GetFileNameWithoutExtension(expected));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FixturePages))]
    public async Task Parse_prints_exactly_the_expected_json_for_every_fixture_page(string board, string page)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", board);
        var (exit, output, error) = await RunAsync(null, "parse", "--source", board, Path.Combine(folder, page));

        Assert.True(exit == 0, error);
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "expected", page + ".json")));
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(output)), $"{board}/{page} printed:\n{output}");
    }

    [Fact]
    public async Task Parse_of_a_page_no_parser_knows_fails_with_a_clear_message()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "<html><body>Not a job board</body></html>");
        var (exit, output, error) = await RunAsync(null, "parse", "--source", "hse", file);
        File.Delete(file);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("is not a hse page", error);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("parse", "--source", "monster-jobs", "x.html")]
    [InlineData("parse", "--source", "hse")]
    [InlineData("parse", "--bogus", "x")]
    [InlineData("scrape", "--source", "nhs-jobs")]
    [InlineData("scrape", "--source")]
    [InlineData("units", "delete")]
    [InlineData("migrate", "--now")]
    public async Task Unknown_verbs_and_bad_options_print_usage_and_exit_2(params string[] args)
    {
        var (exit, _, error) = await RunAsync(null, args);
        Assert.Equal(2, exit);
        Assert.Contains("usage: vacancies", error);
    }

    [Fact]
    public async Task Scrape_once_prints_the_summary_and_its_exit_code_says_whether_the_sweep_succeeded()
    {
        await using var board = await FakeBoard.StartAsync();
        var post = new NhsJobsPages.Post("C3000-26-0001", "Trainee Clinical Perfusion Scientist", "Royal Papworth Hospital NHS Foundation Trust", "Cambridge CB2 0AY");
        board.Page(NhsJobsCrawler.XmlPath("perfusion", 1), NhsJobsPages.Xml([post], totalResults: 1), "application/xml");
        board.Page("/candidate/jobadvert/" + post.Ref, NhsJobsPages.Advert(post, "Royal Papworth Hospital", "Cambridge", "CB2 0AY"));
        var environment = SweepSettings.For("NhsJobs", board.BaseUrl).ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value!);

        var (exit, output, _) = await RunAsync(environment, "scrape", "--source", "nhs-jobs", "--once");

        Assert.Equal(0, exit);
        Assert.Contains("nhs-jobs: succeeded via xml", output);
        Assert.Contains("requests 2, pages 1, posts seen 1, perfusion posts 1, new 1, updated 0, closed 0, unmatched 0", output);

        board.Override = async context =>
        {
            await FakeBoard.WriteAsync(context, 503, "down", "text/plain");
            return true;
        };
        var (failedExit, failedOutput, _) = await RunAsync(environment, "scrape", "--source", "nhs-jobs", "--once");
        Assert.Equal(1, failedExit);
        Assert.Contains("nhs-jobs: failed", failedOutput);
    }
}
