using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Chiefs;

public sealed class DirectListingTests(DatabaseFixture database) : ChiefsTest(database)
{
    [Fact]
    public async Task A_direct_listing_is_a_vacancy_with_source_direct_shown_like_any_other()
    {
        var token = await IssueAsync();
        using var response = await SendAsync(HttpMethod.Post, $"/units/{Unit}/vacancies", token, ListingJson(), "application/json");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("direct", (string)body["source"]!);
        Assert.Equal("open", (string)body["status"]!);
        Assert.Equal("clinical", (string)body["grade"]!);
        Assert.Equal("7", (string)body["band"]!);
        Assert.Equal(47810m, (decimal)body["salary"]!["min"]!);
        Assert.Equal("https://jobs.example.org/apply/1", (string)body["howToApply"]!);

        Assert.Equal(1, (int)(await GetJsonAsync($"/units/{Unit}"))["openVacancies"]!);
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(string Source, string Url, string Audience, string Employer)>(
            "select l.source, l.url, l.audience, l.employer from listings l join vacancies v on v.primary_listing_id = l.id where v.id = @id", new { id = (long)body["id"]! });
        Assert.Equal(("direct", "https://jobs.example.org/apply/1", "public", "Royal Papworth Hospital NHS Foundation Trust"), row);
        var audit = (await AuditRowsAsync()).Single(r => (string)r["entity"]! == "vacancy");
        Assert.Equal("create", (string)audit["action"]!);
        Assert.Equal("Clinical Perfusionist", (string)audit["after"]!["title"]!);
    }

    [Fact]
    public async Task An_email_to_apply_is_kept_as_mailto()
    {
        var token = await IssueAsync();
        var id = await CreateListingAsync(token, ListingJson(howToApply: "perfusion@example.nhs.uk"));
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        Assert.Equal("mailto:perfusion@example.nhs.uk", await connection.QuerySingleAsync<string>(
            "select l.url from listings l join vacancies v on v.primary_listing_id = l.id where v.id = @id", new { id }));
    }

    [Theory]
    [InlineData("title", null, "title")]
    [InlineData("grade", "\"consultant\"", "grade")]
    [InlineData("band", "\"12\"", "band")]
    [InlineData("closesOn", "\"2001-01-01\"", "closesOn")]
    [InlineData("closesOn", "\"tomorrow\"", "closesOn")]
    [InlineData("closesOn", null, "closesOn")]
    [InlineData("howToApply", "\"javascript:alert(1)\"", "howToApply")]
    [InlineData("howToApply", "\"ring us\"", "howToApply")]
    [InlineData("salary", "{\"min\": \"lots\"}", "salary.min")]
    [InlineData("salary", "{\"min\": 50000, \"max\": 40000, \"currency\": \"GBP\", \"period\": \"year\"}", "salary.max")]
    [InlineData("salary", "{\"min\": 50000, \"currency\": \"USD\", \"period\": \"year\"}", "salary.currency")]
    [InlineData("salary", "{\"bonus\": 1}", "salary.bonus")]
    [InlineData("extra", "1", "extra")]
    [InlineData("title", "42", "title")]
    public async Task Bad_listings_are_400_naming_the_field(string field, string? json, string expected)
    {
        var token = await IssueAsync();
        var body = JsonNode.Parse(ListingJson())!.AsObject();
        if (json is null)
        {
            body.Remove(field);
        }
        else
        {
            body[field] = JsonNode.Parse(json);
        }

        using var response = await SendAsync(HttpMethod.Post, $"/units/{Unit}/vacancies", token, body.ToJsonString(), "application/json");
        await AssertProblemAsync(response, 400, expected);
        Assert.Equal(0, (int)(await GetJsonAsync($"/units/{Unit}"))["openVacancies"]!);
    }

    [Fact]
    public async Task A_chief_edits_the_units_own_direct_listing_with_audit()
    {
        var token = await IssueAsync();
        var id = await CreateListingAsync(token);
        using var response = await SendAsync(HttpMethod.Patch, $"/units/{Unit}/vacancies/{id}", token, """{"title": "Senior Clinical Perfusionist", "band": "8a", "salary": {"text": null}}""");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Senior Clinical Perfusionist", (string)body["title"]!);
        Assert.Equal("8a", (string)body["band"]!);
        Assert.Null(body["salary"]!["text"]);
        Assert.Equal(47810m, (decimal)body["salary"]!["min"]!);
        var audit = (await AuditRowsAsync()).Last();
        Assert.Equal("update", (string)audit["action"]!);
        Assert.Equal("Clinical Perfusionist", (string)audit["before"]!["title"]!);
        Assert.Equal("Senior Clinical Perfusionist", (string)audit["after"]!["title"]!);
        Assert.Null(audit["after"]!["description"]);
    }

    [Fact]
    public async Task Delete_closes_the_listing_and_keeps_it_with_audit()
    {
        var token = await IssueAsync();
        var id = await CreateListingAsync(token);
        using (var response = await SendAsync(HttpMethod.Delete, $"/units/{Unit}/vacancies/{id}", token))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        Assert.Equal(0, (int)(await GetJsonAsync($"/units/{Unit}"))["openVacancies"]!);
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        Assert.Equal("closed", await connection.QuerySingleAsync<string>("select status from vacancies where id = @id", new { id }));
        Assert.Equal("closed", await connection.QuerySingleAsync<string>("select status from listings where vacancy_id = @id", new { id }));
        Assert.Equal("close", (string)(await AuditRowsAsync()).Last()["action"]!);

        using var again = await SendAsync(HttpMethod.Delete, $"/units/{Unit}/vacancies/{id}", token);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Single(await AuditRowsAsync(), r => (string)r["action"]! == "close");
        using var edit = await SendAsync(HttpMethod.Patch, $"/units/{Unit}/vacancies/{id}", token, """{"title": "Reopened?"}""");
        await AssertProblemAsync(edit, 409);
    }

    [Fact]
    public async Task A_scraped_listing_cannot_be_edited_or_closed()
    {
        var token = await IssueAsync();
        long id;
        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        {
            id = await connection.QuerySingleAsync<long>("""
                with ids as materialized (
                    select nextval(pg_get_serial_sequence('vacancies', 'id')) as vid, nextval(pg_get_serial_sequence('listings', 'id')) as lid
                ), v as (
                    insert into vacancies (id, unit_id, country, primary_listing_id) overriding system value
                    select vid, u.id, u.country, lid from ids, units u where u.slug = @Unit
                ), l as (
                    insert into listings (id, vacancy_id, source, source_ref, url, title) overriding system value
                    select lid, vid, 'nhs-jobs', 'C9999', 'https://www.jobs.nhs.uk/x', 'Clinical Perfusionist' from ids
                )
                select vid from ids
                """, new { Unit });
        }

        using var patch = await SendAsync(HttpMethod.Patch, $"/units/{Unit}/vacancies/{id}", token, """{"title": "Mine now"}""");
        await AssertProblemAsync(patch, 409);
        using var delete = await SendAsync(HttpMethod.Delete, $"/units/{Unit}/vacancies/{id}", token);
        await AssertProblemAsync(delete, 409);
    }

    [Fact]
    public async Task Another_units_listing_is_404_even_for_its_id()
    {
        var admin = await IssueAsync(null, "Operator");
        var other = await IssueAsync(OtherUnit, "Other Chief");
        var id = await CreateListingAsync(admin);
        using var response = await SendAsync(HttpMethod.Patch, $"/units/{OtherUnit}/vacancies/{id}", other, """{"title": "Mine"}""");
        await AssertProblemAsync(response, 404);
        using var missing = await SendAsync(HttpMethod.Delete, $"/units/{Unit}/vacancies/999999", admin);
        await AssertProblemAsync(missing, 404);
    }

    [Fact]
    public async Task Hostile_listing_text_is_stored_as_text()
    {
        var token = await IssueAsync();
        var body = JsonNode.Parse(ListingJson())!.AsObject();
        body["title"] = "<img src=x onerror=alert(1)>'; delete from listings; --";
        var id = await CreateListingAsync(token, body.ToJsonString());
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        Assert.Equal("<img src=x onerror=alert(1)>'; delete from listings; --", await connection.QuerySingleAsync<string>("select title from listings where vacancy_id = @id", new { id }));
    }
}
