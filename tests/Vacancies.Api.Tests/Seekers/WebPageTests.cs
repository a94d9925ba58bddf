using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Seekers;

public sealed partial class WebPageTests(DatabaseFixture database) : ApiTest(database)
{
    [GeneratedRegex("<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLdBlock();

    [Fact]
    public async Task The_vacancy_page_is_encoded_html_with_its_job_posting_embedded()
    {
        var hostile = "<script>alert('x')</script> & \"quotes\"";
        var id = await VacancyData.InsertAsync(Database.DataSource, new Post
        {
            Title = "Trainee </script><img src=x onerror=alert(1)>",
            Description = hostile + "\n\nSecond paragraph.",
            Employer = "Trust & Partners",
        });

        using var response = await Client.GetAsync($"/vacancies/{id}/page");
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, html);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);

        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Trainee &lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Trust &amp; Partners", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://nhs-jobs.example/advert/", html, StringComparison.Ordinal);
        Assert.Contains("<p>Second paragraph.</p>", html, StringComparison.Ordinal);

        // One JSON-LD block, which a hostile title cannot end early, equal to the standalone document.
        var blocks = JsonLdBlock().Matches(html);
        Assert.Single(blocks);
        var embedded = blocks[0].Groups[1].Value;
        Assert.DoesNotContain("<", embedded, StringComparison.Ordinal);
        var posting = JsonNode.Parse(embedded)!;
        Assert.Equal("JobPosting", (string)posting["@type"]!);
        Assert.Equal("Trainee </script><img src=x onerror=alert(1)>", (string)posting["title"]!);
        var standalone = JsonNode.Parse(await Client.GetStringAsync($"/vacancies/{id}/jobposting"))!;
        Assert.True(JsonNode.DeepEquals(standalone, posting));
    }

    [Fact]
    public async Task An_unknown_vacancy_page_is_not_found()
    {
        await AssertProblemAsync(await Client.GetAsync("/vacancies/987654/page"), 404);
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/index.html", "text/html")]
    [InlineData("/app.css", "text/css")]
    [InlineData("/app.js", "text/javascript")]
    public async Task The_web_page_is_served_by_the_service_itself(string path, string mediaType)
    {
        using var response = await Client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        // Nothing fetched from elsewhere: no absolute URLs to scripts, styles, fonts or images.
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", body);
        Assert.DoesNotContain("@import", body, StringComparison.Ordinal);
        Assert.DoesNotContain("fetch(\"http", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_labels_every_form_control()
    {
        var html = await Client.GetStringAsync("/");
        var ids = Regex.Matches(html, "<(?:input|select)[^>]* id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.Contains($"<label for=\"{id}\"", html, StringComparison.Ordinal));
        Assert.Contains("<meta name=\"viewport\"", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"en-GB\"", html, StringComparison.Ordinal);
    }
}
