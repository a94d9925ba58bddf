using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vacancies.Tests.Infrastructure;

/// <summary>A database test with the API hosted in memory; the host starts on first use.</summary>
public abstract class ApiTest(DatabaseFixture database) : DatabaseTest(database)
{
    private VacanciesApp? app;

    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    protected VacanciesApp App => app ??= new VacanciesApp(Database, Settings);

    protected HttpClient Client => App.CreateClient();

    public override async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    protected async Task<JsonNode> GetJsonAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>Asserts an RFC 7807 problem document with the status, naming the parameter when given.</summary>
    protected async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, int status, string? parameter = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal(status, (int)problem["status"]!);
        if (parameter is not null)
        {
            Assert.True(problem["errors"]?[parameter] is not null, $"the problem does not name '{parameter}': {body}");
        }

        return problem;
    }

    protected static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    protected static JsonContent AsJson(object value) => JsonContent.Create(value, options: Json);
}
