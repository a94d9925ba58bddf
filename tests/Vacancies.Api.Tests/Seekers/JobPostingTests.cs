using System.Text.Json;
using System.Text.Json.Nodes;
using Vacancies.Tests.Infrastructure;
using Vacancies.Vacancies;

namespace Vacancies.Tests.Seekers;

public sealed class JobPostingTests(DatabaseFixture database) : ApiTest(database)
{
    private async Task<JsonNode> GetPostingAsync(long id)
    {
        using var response = await Client.GetAsync($"/vacancies/{id}/jobposting");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!;
    }

    private static void AssertString(JsonNode? node, string? expected = null)
    {
        Assert.NotNull(node);
        Assert.Equal(JsonValueKind.String, node.GetValueKind());
        if (expected is not null)
        {
            Assert.Equal(expected, (string)node!);
        }
    }

    [Fact]
    public async Task A_vacancy_is_a_job_posting_with_every_field_google_reads()
    {
        var id = await VacancyData.InsertAsync(Database.DataSource, new Post { SourceRef = "C1-9", WorkingPattern = "Full time, Part time", ContractType = "Fixed Term" });
        var today = VacancyData.UkToday;
        var posting = await GetPostingAsync(id);

        AssertString(posting["@context"], "https://schema.org");
        AssertString(posting["@type"], "JobPosting");
        AssertString(posting["title"], "Trainee Clinical Perfusion Scientist");
        AssertString(posting["description"], "A post in our perfusion team.");
        AssertString(posting["datePosted"], today.AddDays(-3).ToString("yyyy-MM-dd"));
        AssertString(posting["validThrough"]);
        Assert.StartsWith(today.AddDays(14).ToString("yyyy-MM-dd") + "T23:59:59+0", (string)posting["validThrough"]!);
        Assert.True(DateTimeOffset.TryParse((string)posting["validThrough"]!, out _));
        Assert.Equal(["FULL_TIME", "PART_TIME", "TEMPORARY"], posting["employmentType"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(JsonValueKind.False, posting["directApply"]!.GetValueKind());
        AssertString(posting["url"], "https://nhs-jobs.example/advert/C1-9");

        var organisation = posting["hiringOrganization"]!;
        AssertString(organisation["@type"], "Organization");
        AssertString(organisation["name"], "Manchester University NHS Foundation Trust");

        var place = posting["jobLocation"]!;
        AssertString(place["@type"], "Place");
        var address = place["address"]!;
        AssertString(address["@type"], "PostalAddress");
        AssertString(address["addressCountry"], "GB");
        AssertString(address["postalCode"], "M23 9LT");
        AssertString(address["addressLocality"], "Manchester");
        Assert.Equal(JsonValueKind.Number, place["geo"]!["latitude"]!.GetValueKind());

        var salary = posting["baseSalary"]!;
        AssertString(salary["@type"], "MonetaryAmount");
        AssertString(salary["currency"], "GBP");
        var value = salary["value"]!;
        AssertString(value["@type"], "QuantitativeValue");
        Assert.Equal(JsonValueKind.Number, value["minValue"]!.GetValueKind());
        Assert.Equal(37338m, (decimal)value["minValue"]!);
        Assert.Equal(44962m, (decimal)value["maxValue"]!);
        AssertString(value["unitText"], "YEAR");
    }

    [Fact]
    public async Task An_irish_hourly_post_has_euros_by_the_hour_in_ie()
    {
        var id = await VacancyData.InsertAsync(Database.DataSource, new Post
        {
            Unit = "cork-university-hospital", Country = "ireland", Currency = "EUR", SalaryPeriod = "hour", SalaryMin = 31.5m, SalaryMax = null,
            ContractType = null, WorkingPattern = null, Description = null, Source = "hse",
        });
        var posting = await GetPostingAsync(id);
        AssertString(posting["jobLocation"]!["address"]!["addressCountry"], "IE");
        AssertString(posting["baseSalary"]!["currency"], "EUR");
        AssertString(posting["baseSalary"]!["value"]!["unitText"], "HOUR");
        Assert.Null(posting["baseSalary"]!["value"]!["maxValue"]);
        Assert.Null(posting["employmentType"]);
        AssertString(posting["description"]); // a summary stands in for a missing description
    }

    [Fact]
    public async Task Unknown_and_internal_vacancies_have_no_posting()
    {
        var id = await VacancyData.InsertAsync(Database.DataSource, new Post { Audience = "internal" });
        await AssertProblemAsync(await Client.GetAsync($"/vacancies/{id}/jobposting"), 404);
        await AssertProblemAsync(await Client.GetAsync("/vacancies/424242/jobposting"), 404);
    }

    [Theory]
    [InlineData("Permanent", "Full time", "FULL_TIME")]
    [InlineData("Permanent, Whole-time", null, "FULL_TIME")]
    [InlineData("Permanent", "Part time", "PART_TIME")]
    [InlineData("Fixed-Term", "Full-Time", "FULL_TIME,TEMPORARY")]
    [InlineData("Temporary (6 months)", null, "TEMPORARY")]
    [InlineData("Specified Purpose", null, "TEMPORARY")]
    [InlineData("Bank", null, "PER_DIEM")]
    [InlineData("Permanent", null, "")]
    [InlineData(null, "Flexible working", "")]
    public void Employment_types_come_from_what_the_advert_says(string? contract, string? pattern, string expected)
    {
        Assert.Equal(expected, string.Join(",", JobPosting.EmploymentTypes(contract, pattern)));
    }
}
