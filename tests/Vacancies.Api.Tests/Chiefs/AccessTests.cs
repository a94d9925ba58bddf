using System.Collections.Concurrent;
using System.Net;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Chiefs;

public sealed class AccessTests(DatabaseFixture database) : ChiefsTest(database)
{
    public static TheoryData<string, string> WriteEndpoints => new()
    {
        { "PATCH", $"/units/{Unit}" },
        { "POST", $"/units/{Unit}/vacancies" },
        { "PATCH", $"/units/{Unit}/vacancies/1" },
        { "DELETE", $"/units/{Unit}/vacancies/1" },
        { "GET", $"/units/{Unit}/audit" },
    };

    [Theory]
    [MemberData(nameof(WriteEndpoints))]
    public async Task Without_a_token_every_endpoint_is_401_with_a_Bearer_challenge(string method, string url)
    {
        using var response = await SendAsync(new HttpMethod(method), url, null, "{}", "application/json", "\"1\"");
        await AssertProblemAsync(response, 401);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("pv_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-token")]
    [InlineData("' or 1=1 --")]
    [InlineData("pv_zzzzzzzzzzzzzzzz_x")]
    public async Task A_bad_token_is_401(string token)
    {
        using var response = await SendAsync(HttpMethod.Patch, $"/units/{Unit}", token, "{}", ifMatch: "\"1\"");
        await AssertProblemAsync(response, 401);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_token_whose_secret_is_wrong_is_401_even_with_the_right_lookup_id()
    {
        var token = await IssueAsync();
        var forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");
        using var response = await SendAsync(HttpMethod.Patch, $"/units/{Unit}", forged, "{}", ifMatch: await ETagAsync());
        await AssertProblemAsync(response, 401);
    }

    [Fact]
    public async Task Basic_auth_is_401()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/units/{Unit}/audit");
        request.Headers.Authorization = new("Basic", "dXNlcjpwYXNz");
        using var response = await Client.SendAsync(request);
        await AssertProblemAsync(response, 401);
    }

    [Theory]
    [MemberData(nameof(WriteEndpoints))]
    public async Task A_token_of_another_unit_is_403(string method, string url)
    {
        var token = await IssueAsync(OtherUnit);
        using var response = await SendAsync(new HttpMethod(method), url, token, "{}", "application/json", await ETagAsync());
        await AssertProblemAsync(response, 403);
    }

    [Fact]
    public async Task An_admin_token_acts_on_any_unit()
    {
        var admin = await IssueAsync(null, "Operator");
        using var response = await PatchUnitAsync(admin, """{"teamSize": 3}""", OtherUnit);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var audit = await SendAsync(HttpMethod.Get, $"/units/{OtherUnit}/audit", admin);
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_stops_working_at_once()
    {
        var token = await IssueAsync();
        (await PatchUnitAsync(token, """{"teamSize": 1}""")).EnsureSuccessStatusCode();
        var id = (await Tokens.ListAsync(CancellationToken.None)).Single().Id;
        Assert.True(await Tokens.RevokeAsync(id, "test", CancellationToken.None));
        using var response = await PatchUnitAsync(token, """{"teamSize": 2}""");
        await AssertProblemAsync(response, 401);
        Assert.False(await Tokens.RevokeAsync(id, "test", CancellationToken.None));
    }

    [Fact]
    public async Task An_expired_token_stops_working_at_once()
    {
        var token = await IssueAsync(expiresDays: 1);
        (await PatchUnitAsync(token, """{"teamSize": 1}""")).EnsureSuccessStatusCode();
        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update api_tokens set expires_at = now() - interval '1 second'");
        }

        using var response = await PatchUnitAsync(token, """{"teamSize": 2}""");
        await AssertProblemAsync(response, 401);
    }

    [Fact]
    public async Task Only_the_hash_is_stored_and_last_use_is_recorded()
    {
        var token = await IssueAsync();
        (await PatchUnitAsync(token, """{"teamSize": 1}""")).EnsureSuccessStatusCode();
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var dump = await connection.QuerySingleAsync<string>("select row_to_json(t)::text from api_tokens t");
        Assert.DoesNotContain(token.Split('_', 3)[2], dump);
        Assert.NotNull((await Tokens.ListAsync(CancellationToken.None)).Single().LastUsedAt);
    }

    [Fact]
    public async Task No_token_or_hash_appears_in_a_log_line_or_a_response()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = App.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))));
        using var client = factory.CreateClient();
        var token = await IssueAsync();
        var revoked = await IssueAsync(name: "Old Chief");
        await Tokens.RevokeAsync((await Tokens.ListAsync(CancellationToken.None)).Single(t => t.Name == "Old Chief").Id, "test", CancellationToken.None);

        var responses = new List<string>();
        async Task Send(HttpMethod method, string url, string? bearer, string? body = null, string type = "application/merge-patch+json")
        {
            using var response = await SendAsync(method, url, bearer, body, type, await ETagAsync(), client);
            responses.Add(response.ToString() + await response.Content.ReadAsStringAsync());
        }

        await Send(HttpMethod.Patch, $"/units/{Unit}", token, """{"teamSize": 4}""");
        await Send(HttpMethod.Patch, $"/units/{Unit}", token, """{"website": "nope"}""");
        await Send(HttpMethod.Patch, $"/units/{Unit}", revoked, """{"teamSize": 5}""");
        await Send(HttpMethod.Patch, $"/units/{OtherUnit}", token, """{"teamSize": 5}""");
        await Send(HttpMethod.Post, $"/units/{Unit}/vacancies", token, ListingJson(), "application/json");
        await Send(HttpMethod.Get, $"/units/{Unit}/audit", token);

        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var hashes = (await connection.QueryAsync<byte[]>("select token_hash from api_tokens")).ToList();
        var secrets = new[] { token, revoked }.SelectMany(t => new[] { t, t.Split('_', 3)[2] })
            .Concat(hashes.SelectMany(h => new[] { Convert.ToHexString(h), Convert.ToHexStringLower(h), Convert.ToBase64String(h) }))
            .ToList();
        Assert.NotEmpty(logs.Lines);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(responses, response => response.Contains(secret, StringComparison.Ordinal));
        }
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider.Lines.Enqueue($"{category} {logLevel} {formatter(state, exception)} {exception} {state}");
        }
    }
}
