using System.Net;
using System.Text.Json.Nodes;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Chiefs;

public sealed class UnitPatchTests(DatabaseFixture database) : ChiefsTest(database)
{
    private const string FullPatch = """
        {"contact": {"name": "Pat Chief", "jobTitle": "Chief Clinical Perfusionist", "email": "perfusion@papworth.example.nhs.uk", "phone": "+44 1223 638000"},
         "website": "https://royalpapworth.example.nhs.uk/perfusion",
         "services": ["pea", "adult-cardiac", "ecmo"],
         "teamSize": 24,
         "training": {"offered": true, "intake": "one trainee most Septembers"},
         "visits": "Email us to arrange an informal visit.",
         "description": "A busy cardiothoracic unit."}
        """;

    [Fact]
    public async Task A_chief_sets_every_field_and_GET_returns_them_under_the_same_names()
    {
        var token = await IssueAsync();
        using var response = await PatchUnitAsync(token, FullPatch);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.NotNull(response.Headers.ETag);

        var unit = await GetJsonAsync($"/units/{Unit}");
        Assert.Equal("Pat Chief", (string)unit["contact"]!["name"]!);
        Assert.Equal("Chief Clinical Perfusionist", (string)unit["contact"]!["jobTitle"]!);
        Assert.Equal("perfusion@papworth.example.nhs.uk", (string)unit["contact"]!["email"]!);
        Assert.Equal("+44 1223 638000", (string)unit["contact"]!["phone"]!);
        Assert.Equal("https://royalpapworth.example.nhs.uk/perfusion", (string)unit["website"]!);
        Assert.Equal(["adult-cardiac", "ecmo", "pea"], unit["services"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(24, (int)unit["teamSize"]!);
        Assert.True((bool)unit["training"]!["offered"]!);
        Assert.Equal("one trainee most Septembers", (string)unit["training"]!["intake"]!);
        Assert.Equal("Email us to arrange an informal visit.", (string)unit["visits"]!);
        Assert.Equal("A busy cardiothoracic unit.", (string)unit["description"]!);
    }

    [Fact]
    public async Task A_field_the_chief_sets_is_no_longer_unverified()
    {
        var before = await GetJsonAsync($"/units/{Unit}");
        Assert.Contains("services", before["unverifiedFields"]!.AsArray().Select(s => (string)s!));
        var token = await IssueAsync();
        using var response = await PatchUnitAsync(token, """{"services": ["adult-cardiac", "heart-transplant", "lung-transplant", "ecmo", "vad", "pea"]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await GetJsonAsync($"/units/{Unit}");
        Assert.Equal(["region"], after["unverifiedFields"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public async Task Merge_patch_leaves_absent_fields_and_clears_nulls()
    {
        var token = await IssueAsync();
        (await PatchUnitAsync(token, FullPatch)).EnsureSuccessStatusCode();
        using var response = await PatchUnitAsync(token, """{"contact": {"phone": null}, "visits": null, "teamSize": 25}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var unit = await GetJsonAsync($"/units/{Unit}");
        Assert.Equal("Pat Chief", (string)unit["contact"]!["name"]!);
        Assert.Null(unit["contact"]!["phone"]);
        Assert.Null(unit["visits"]);
        Assert.Equal(25, (int)unit["teamSize"]!);
        Assert.Equal("A busy cardiothoracic unit.", (string)unit["description"]!);
    }

    [Fact]
    public async Task A_stale_If_Match_is_412_and_changes_nothing()
    {
        var token = await IssueAsync();
        var etag = await ETagAsync();
        using (var first = await SendAsync(HttpMethod.Patch, $"/units/{Unit}", token, """{"teamSize": 10}""", ifMatch: etag))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.NotEqual(etag, first.Headers.ETag!.ToString());
        }

        using var second = await SendAsync(HttpMethod.Patch, $"/units/{Unit}", token, """{"teamSize": 99}""", ifMatch: etag);
        await AssertProblemAsync(second, 412);
        Assert.Equal(10, (int)(await GetJsonAsync($"/units/{Unit}"))["teamSize"]!);
    }

    [Fact]
    public async Task Of_two_chiefs_racing_with_one_ETag_exactly_one_wins()
    {
        var token = await IssueAsync();
        var other = await IssueAsync(null, "Operator");
        var etag = await ETagAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            SendAsync(HttpMethod.Patch, $"/units/{Unit}", i % 2 == 0 ? token : other, $$"""{"teamSize": {{i + 1}}}""", ifMatch: etag)));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        Assert.Single(await AuditRowsAsync(), r => (string)r["entity"]! == "unit");
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task OpenApi_document_describes_the_chiefs_endpoints()
    {
        var paths = (await GetJsonAsync("/openapi/v1.json"))["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/units/{slug}/vacancies"), string.Join(",", paths.Select(p => p.Key)));
        Assert.True(paths.ContainsKey("/units/{slug}/vacancies/{id}"));
        Assert.True(paths.ContainsKey("/units/{slug}/audit"));
        Assert.NotNull(paths["/units/{slug}"]!["patch"]);
    }

    [Fact]
    public async Task A_missing_If_Match_is_428()
    {
        var token = await IssueAsync();
        using var response = await SendAsync(HttpMethod.Patch, $"/units/{Unit}", token, """{"teamSize": 10}""");
        await AssertProblemAsync(response, 428);
    }

    [Theory]
    [InlineData("""{"contact": {"email": "not-an-email"}}""", "contact.email")]
    [InlineData("""{"contact": {"email": "a@b"}}""", "contact.email")]
    [InlineData("""{"contact": {"phone": "call me"}}""", "contact.phone")]
    [InlineData("""{"contact": {"phone": "12"}}""", "contact.phone")]
    [InlineData("""{"contact": {"shoeSize": 9}}""", "contact.shoeSize")]
    [InlineData("""{"contact": "Pat"}""", "contact")]
    [InlineData("""{"website": "javascript:alert(1)"}""", "website")]
    [InlineData("""{"website": "ftp://example.org/"}""", "website")]
    [InlineData("""{"website": "data:text/html,<script>alert(1)</script>"}""", "website")]
    [InlineData("""{"website": "//example.org"}""", "website")]
    [InlineData("""{"services": ["dialysis"]}""", "services")]
    [InlineData("""{"services": "ecmo"}""", "services")]
    [InlineData("""{"services": [1]}""", "services")]
    [InlineData("""{"teamSize": "twelve"}""", "teamSize")]
    [InlineData("""{"teamSize": 12.5}""", "teamSize")]
    [InlineData("""{"teamSize": -1}""", "teamSize")]
    [InlineData("""{"training": {"offered": "yes"}}""", "training.offered")]
    [InlineData("""{"training": {"intake": 3}}""", "training.intake")]
    [InlineData("""{"visits": ["a"]}""", "visits")]
    [InlineData("""{"description": {"text": "x"}}""", "description")]
    [InlineData("""{"name": "Renamed"}""", "name")]
    [InlineData("""{"unverifiedFields": []}""", "unverifiedFields")]
    [InlineData("""{"contact": {"name": "a\u0000b"}}""", "contact.name")]
    public async Task Bad_fields_are_400_problems_naming_the_field(string body, string field)
    {
        var token = await IssueAsync();
        var etag = await ETagAsync();
        using var response = await SendAsync(HttpMethod.Patch, $"/units/{Unit}", token, body, ifMatch: etag);
        await AssertProblemAsync(response, 400, field);
        Assert.Equal(etag, await ETagAsync());
        Assert.DoesNotContain(await AuditRowsAsync(), r => (string)r["entity"]! == "unit");
    }

    [Fact]
    public async Task Oversize_strings_are_rejected_naming_the_field()
    {
        var token = await IssueAsync();
        using var response = await PatchUnitAsync(token, $$$"""{"description": "{{{new string('x', 5001)}}}", "contact": {"name": "{{{new string('y', 201)}}}"}}""");
        await AssertProblemAsync(response, 400, "description");
        await AssertProblemAsync(response, 400, "contact.name");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("""{"teamSize": 1, "teamSize": 2}""")]
    [InlineData("""{"teamSize": 1""")]
    public async Task A_body_that_is_not_one_JSON_object_is_400(string body)
    {
        var token = await IssueAsync();
        using var response = await PatchUnitAsync(token, body);
        await AssertProblemAsync(response, 400);
    }

    [Fact]
    public async Task A_wrong_media_type_is_415()
    {
        var token = await IssueAsync();
        using var response = await SendAsync(HttpMethod.Patch, $"/units/{Unit}", token, "teamSize=3", "application/x-www-form-urlencoded", await ETagAsync());
        await AssertProblemAsync(response, 415);
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_413_whether_declared_or_streamed()
    {
        var token = await IssueAsync();
        var big = $$"""{"description": "{{new string('x', 70_000)}}"}""";
        using var declared = await PatchUnitAsync(token, big);
        await AssertProblemAsync(declared, 413);

        // A chunked body declares no length: the cap on reading catches it.
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/units/{Unit}");
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.TryAddWithoutValidation("If-Match", await ETagAsync());
        request.Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(big)));
        request.Content.Headers.ContentType = new("application/merge-patch+json");
        request.Headers.TransferEncodingChunked = true;
        using var streamed = await Client.SendAsync(request);
        await AssertProblemAsync(streamed, 413);
    }

    [Fact]
    public async Task An_unknown_unit_is_404()
    {
        var token = await IssueAsync(admin: true);
        using var response = await SendAsync(HttpMethod.Patch, "/units/no-such-unit", token, """{"teamSize": 1}""", ifMatch: "\"1\"");
        await AssertProblemAsync(response, 404);
    }

    [Fact]
    public async Task Hostile_text_is_stored_inertly_and_returned_as_text()
    {
        var token = await IssueAsync();
        const string script = "<script>alert('x')</script>";
        const string sql = "'); drop table units; --";
        using var response = await PatchUnitAsync(token, JsonSerializerText(new JsonObject { ["description"] = script, ["visits"] = sql, ["contact"] = new JsonObject { ["name"] = "Robert'); DROP TABLE audit_log;--" } }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var unit = await GetJsonAsync($"/units/{Unit}");
        Assert.Equal(script, (string)unit["description"]!);
        Assert.Equal(sql, (string)unit["visits"]!);
        Assert.Equal(54, (int)(await GetJsonAsync("/units"))["count"]!);
        Assert.Single(await AuditRowsAsync(), r => (string)r["entity"]! == "unit");
        using var raw = await Client.GetAsync($"/units/{Unit}");
        Assert.Equal("application/json", raw.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Every_change_is_audited_with_who_when_before_and_after()
    {
        var token = await IssueAsync(name: "Pat Chief");
        (await PatchUnitAsync(token, """{"teamSize": 12, "website": "https://example.org/"}""")).EnsureSuccessStatusCode();
        (await PatchUnitAsync(token, """{"teamSize": 14}""")).EnsureSuccessStatusCode();

        var audit = await GetJsonWithTokenAsync($"/units/{Unit}/audit", token);
        var entries = audit["entries"]!.AsArray().Where(e => (string)e!["entity"]! == "unit").ToList();
        Assert.Equal(2, entries.Count);
        Assert.Contains(audit["entries"]!.AsArray(), e => (string)e!["entity"]! == "token" && (string)e["action"]! == "issue");
        var latest = entries[0]!;
        Assert.Equal("Pat Chief", (string)latest["actor"]!);
        Assert.Equal("update", (string)latest["action"]!);
        Assert.Equal("unit", (string)latest["entity"]!);
        Assert.Equal(12, (int)latest["before"]!["teamSize"]!);
        Assert.Equal(14, (int)latest["after"]!["teamSize"]!);
        Assert.Null(latest["after"]!["website"]); // only what changed
        var first = entries[1]!;
        Assert.Null(first["before"]!["teamSize"]);
        Assert.Equal("https://example.org/", (string)first["after"]!["website"]!);
        Assert.True(DateTime.UtcNow - (DateTime)latest["at"]! < TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task An_empty_patch_changes_nothing_and_writes_no_audit()
    {
        var token = await IssueAsync();
        var etag = await ETagAsync();
        using var response = await SendAsync(HttpMethod.Patch, $"/units/{Unit}", token, "{}", ifMatch: etag);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag!.ToString());
        Assert.DoesNotContain(await AuditRowsAsync(), r => (string)r["entity"]! == "unit");
    }

    private Task<string> IssueAsync(bool admin) => IssueAsync(admin ? null : Unit, "Operator");

    private static string JsonSerializerText(JsonNode node) => node.ToJsonString();

    private async Task<JsonNode> GetJsonWithTokenAsync(string url, string token)
    {
        using var response = await SendAsync(HttpMethod.Get, url, token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!;
    }
}
