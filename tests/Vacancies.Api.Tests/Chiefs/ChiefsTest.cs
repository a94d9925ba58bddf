using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Vacancies.Chiefs;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Chiefs;

/// <summary>Helpers for the chiefs' endpoints: issuing tokens straight into the database and sending
/// requests with a token, a body and If-Match.</summary>
public abstract class ChiefsTest(DatabaseFixture database) : ApiTest(database)
{
    protected const string Unit = "royal-papworth-hospital";
    protected const string OtherUnit = "st-georges-hospital";

    protected ApiTokens Tokens => new(Database.DataSource);

    protected async Task<string> IssueAsync(string? unit = Unit, string name = "Pat Chief", int? expiresDays = null) =>
        (await Tokens.IssueAsync(unit, name, expiresDays, "test", CancellationToken.None))!.Token;

    protected Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? token, string? body = null,
        string contentType = "application/merge-patch+json", string? ifMatch = null, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return (client ?? Client).SendAsync(request);
    }

    protected async Task<string> ETagAsync(string unit = Unit)
    {
        using var response = await Client.GetAsync($"/units/{unit}");
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag!.ToString();
    }

    protected async Task<HttpResponseMessage> PatchUnitAsync(string token, string body, string unit = Unit) =>
        await SendAsync(HttpMethod.Patch, $"/units/{unit}", token, body, ifMatch: await ETagAsync(unit));

    protected async Task<List<JsonNode>> AuditRowsAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<string>("select row_to_json(a)::text from audit_log a order by id");
        return rows.Select(r => JsonNode.Parse(r)!).ToList();
    }

    protected static string FutureDate(int days = 30) => DateTime.UtcNow.Date.AddDays(days).ToString("yyyy-MM-dd");

    protected static string ListingJson(string title = "Clinical Perfusionist", string howToApply = "https://jobs.example.org/apply/1") => $$"""
        {"title": "{{title}}", "grade": "clinical", "band": "7",
         "salary": {"min": 47810, "max": 54710, "currency": "GBP", "period": "year", "text": "£47,810 - £54,710 a year"},
         "closesOn": "{{FutureDate()}}", "howToApply": "{{howToApply}}", "description": "Join our team.\nWe run a busy ECMO service."}
        """;

    protected async Task<long> CreateListingAsync(string token, string? body = null)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/units/{Unit}/vacancies", token, body ?? ListingJson(), "application/json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, text);
        return (long)JsonNode.Parse(text)!["id"]!;
    }
}
