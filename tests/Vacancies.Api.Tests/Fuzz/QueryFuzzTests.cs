using System.Collections;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Vacancies.Chiefs;
using Vacancies.Tests.Infrastructure;
using Vacancies.Tests.Seekers;

namespace Vacancies.Tests.Fuzz;

/// <summary>
/// Every query parameter of every GET endpoint fed hostile values (very long, unicode, NUL, SQL, broken
/// %-encoding, repeated), and every path segment too: the answer may be a 400 or a 404, never a 500.
/// The endpoints and their parameters are checked against the running host, so a new endpoint or parameter
/// that is not fuzzed here fails <see cref="Every_GET_endpoint_and_every_parameter_it_reads_is_fuzzed"/>.
/// </summary>
public sealed class QueryFuzzTests(DatabaseFixture database) : ApiTest(database)
{
    private const int Seed = 20261128;

    // Declared before Endpoints, which reads it: static fields initialise in order.
    private static readonly string[] VacancySearchParameters =
    [
        "q", "country", "region", "unit", "grade", "training", "source", "closingAfter", "closingBefore", "postedSince",
        "near", "radiusKm", "includeClosed", "limit", "sort", "cursor",
    ];

    /// <summary>
    /// Every GET endpoint: its route pattern as the host maps it, a path that reaches it (the data of
    /// <see cref="InitializeAsync"/> makes every id and slug here exist), the query parameters it reads, and whether
    /// it needs an operator's token. A new endpoint or parameter belongs here.
    /// </summary>
    private static readonly Endpoint[] Endpoints =
    [
        new("/units", "/units", ["country", "service", "sector", "region", "q", "near", "radiusKm"]),
        new("/units/{slug}", "/units/wythenshawe-hospital", []),
        new("/units/{slug}/vacancies", "/units/wythenshawe-hospital/vacancies", VacancySearchParameters),
        new("/units/{slug}/audit", "/units/wythenshawe-hospital/audit", ["limit"], Operator: true),
        new("/sources", "/sources", []),
        new("/sources/{slug}/runs", "/sources/nhs-jobs/runs", ["limit"]),
        new("/sources/{slug}/runs/{id}", "/sources/nhs-jobs/runs/1", []),
        new("/vacancies", "/vacancies", VacancySearchParameters),
        new("/vacancies.atom", "/vacancies.atom", VacancySearchParameters),
        new("/vacancies.ics", "/vacancies.ics", VacancySearchParameters),
        new("/vacancies/{id}", "/vacancies/1", []),
        new("/vacancies/{id}/jobposting", "/vacancies/1/jobposting", []),
        new("/vacancies/{id}/page", "/vacancies/1/page", []),
        new("/stats", "/stats", []),
        new("/health/live", "/health/live", []),
        new("/health/ready", "/health/ready", []),
        new("/openapi/{documentName}.json", "/openapi/v1.json", []),
    ];

    private sealed record Endpoint(string Pattern, string Path, string[] Parameters, bool Operator = false);

    /// <summary>Raw (already %-encoded where it matters) query values.</summary>
    private static readonly string[] Hostile =
    [
        "", "%20", "+", new string('a', 10_000), new string('9', 400), "%C3%9Cn%C3%AFc%C3%B6d%C3%A9%20%F0%9F%AB%80", "%E2%80%AE", "%EF%BB%BF",
        "%00", "a%00b", "%27%20or%201%3D1--", "%27%3B%20drop%20table%20units%3B--", "%25", "%", "%%", "%zz", "%C3%28", "%FF%FE", "%ED%A0%80",
        "a,b,,c", ",,,,", "england,,england", "1e309", "NaN", "Infinity", "-0", "99999999999999999999", "0x10", "-1", "1.5",
        "91,181", "NaN,NaN", "Infinity,0", "-90,-180", "53.4,-2.2,7", "53.4", ",", "%25_%5C", ".*", "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "..%2F..%2Fetc%2Fpasswd", "%24%7Bjndi%3Aldap%3A%2F%2Fx%7D", "%0D%0AX-Injected%3A%201", "%5B%5D", "%7B%7D", "true", "null",
    ];

    private HttpClient operatorClient = null!;

    /// <summary>Something for every query to find: open and closed posts on two boards, a sweep of a board, an audit
    /// entry of the unit; and a client with an operator's token for the endpoints that need one.</summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await VacancyData.InsertAsync(Database.DataSource,
            new Post { AlsoOn = ["nhs-scotland"] },
            new Post { Title = "Senior Clinical Perfusion Scientist", Grade = "senior", Band = "8a", ClosesInDays = 40 },
            new Post { Unit = "royal-papworth-hospital", Status = "closed", PostedDaysAgo = 60, ClosesInDays = -10 },
            new Post { Unit = null, Country = "ireland", Source = "hse", Currency = "EUR" });
        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("insert into sweeps (source, node, outcome) values ('nhs-jobs', 'fuzz:1', 'succeeded')");
        }

        var tokens = App.Services.GetRequiredService<ApiTokens>();
        await tokens.IssueAsync("wythenshawe-hospital", "A chief", null, "test", CancellationToken.None);
        var admin = await tokens.IssueAsync(null, "Operator", null, "test", CancellationToken.None);
        operatorClient = App.CreateClient();
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin!.Token);
    }

    [Fact]
    public async Task Every_GET_endpoint_and_every_parameter_it_reads_is_fuzzed()
    {
        // The host's own endpoints: a GET route missing from Endpoints would never be fuzzed.
        var mapped = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods || methods.HttpMethods.Contains("GET"))
            .Select(e => NormalisePattern(e.RoutePattern.RawText ?? ""))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("/units", mapped); // the enumeration itself works
        Assert.Empty(mapped.Except(Endpoints.Select(e => e.Pattern)).Order());
        Assert.Empty(Endpoints.Select(e => e.Pattern).Except(mapped).Order());

        // The parameters each endpoint reads, seen through a query collection that records every name asked for.
        var read = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        await using var recording = App.WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new RecordQueryReads(read))));
        var anonymous = recording.CreateClient();
        var operatorToken = operatorClient.DefaultRequestHeaders.Authorization;
        var missing = new List<string>();
        foreach (var endpoint in Endpoints)
        {
            read.Clear();
            using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Path);
            request.Headers.Authorization = endpoint.Operator ? operatorToken : null;
            using var response = await anonymous.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {endpoint.Path}: {(int)response.StatusCode}, so what it reads is unknown");
            missing.AddRange(read.Keys.Except(endpoint.Parameters).Select(p => $"{endpoint.Pattern} reads '{p}'"));
            missing.AddRange(endpoint.Parameters.Except(read.Keys).Select(p => $"{endpoint.Pattern} does not read '{p}'"));
        }

        Assert.True(missing.Count == 0, "Endpoints is out of date:\n" + string.Join("\n", missing));
    }

    [Fact]
    public async Task Hostile_values_in_every_parameter_never_answer_500()
    {
        var failures = new List<string>();
        foreach (var endpoint in Endpoints)
        {
            var (path, parameters) = (endpoint.Path, endpoint.Parameters);
            foreach (var parameter in parameters.Append("unknownParameter"))
            {
                foreach (var value in Hostile)
                {
                    await ExpectNoServerErrorAsync(endpoint, $"{path}?{parameter}={value}", failures);
                }

                // Repeated: twice, and many times, with different values.
                await ExpectNoServerErrorAsync(endpoint, $"{path}?{parameter}=a&{parameter}=b", failures);
                await ExpectNoServerErrorAsync(endpoint, $"{path}?{string.Join("&", Enumerable.Range(0, 200).Select(i => $"{parameter}={Hostile[i % Hostile.Length]}"))}", failures);
                await ExpectNoServerErrorAsync(endpoint, $"{path}?{parameter}", failures);
                await ExpectNoServerErrorAsync(endpoint, $"{path}?{parameter}=&{parameter}=", failures);
            }

            // Everything at once.
            await ExpectNoServerErrorAsync(endpoint, $"{path}?{string.Join("&", parameters.Select((p, i) => $"{p}={Hostile[(i * 7) % Hostile.Length]}"))}", failures);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    [Fact]
    public async Task Random_query_strings_never_answer_500()
    {
        var random = new Random(Seed);
        var failures = new List<string>();
        foreach (var endpoint in Endpoints)
        {
            for (var i = 0; i < 150; i++)
            {
                var query = new StringBuilder();
                for (var pair = random.Next(1, 6); pair > 0; pair--)
                {
                    var parameters = endpoint.Parameters;
                    var name = parameters.Length > 0 && random.Next(4) > 0 ? parameters[random.Next(parameters.Length)] : RandomEncoded(random, 8);
                    query.Append(query.Length == 0 ? "" : "&").Append(name).Append('=').Append(RandomEncoded(random, random.Next(0, 300)));
                }

                await ExpectNoServerErrorAsync(endpoint, $"{endpoint.Path}?{query}", failures);
            }
        }

        Assert.True(failures.Count == 0, $"seed {Seed}:\n{string.Join("\n", failures.Take(30))}");
    }

    [Fact]
    public async Task Hostile_path_segments_never_answer_500()
    {
        var failures = new List<string>();
        var requests = 0;
        foreach (var endpoint in Endpoints)
        {
            // Each route parameter of the pattern in turn, the other segments as in the endpoint's working path.
            var pattern = endpoint.Pattern.Split('/');
            var path = endpoint.Path.Split('/');
            for (var i = 0; i < pattern.Length; i++)
            {
                if (!pattern[i].Contains('{', StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var value in Hostile.Where(v => v.Length > 0))
                {
                    var segments = (string[])path.Clone();
                    // Keeps any literal around the parameter, as in "{documentName}.json".
                    segments[i] = Regex.Replace(pattern[i], @"\{[^}]*\}", value.Replace("$", "$$", StringComparison.Ordinal));
                    await ExpectNoServerErrorAsync(endpoint, string.Join('/', segments), failures);
                    requests++;
                }
            }
        }

        Assert.True(requests > 8 * Hostile.Length, $"only {requests} requests: the patterns have fewer parameters than expected");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    private static string NormalisePattern(string raw)
    {
        // "/vacancies/{id:long}" -> "/vacancies/{id}"; a group's root "/units/" -> "/units".
        var pattern = Regex.Replace(raw, @"\{([^}:=?]+)[^}]*\}", "{$1}");
        pattern = pattern.StartsWith('/') ? pattern : "/" + pattern;
        return pattern.Length > 1 ? pattern.TrimEnd('/') : pattern;
    }

    /// <summary>Random bytes, %-encoded (so invalid UTF-8 too), with some of them left raw.</summary>
    private static string RandomEncoded(Random random, int length)
    {
        var text = new StringBuilder(length * 3);
        for (var i = 0; i < length; i++)
        {
            var b = random.Next(256);
            text.Append(b is >= 'a' and <= 'z' or >= '0' and <= '9' || random.Next(3) > 0 ? $"%{b:X2}" : ((char)b).ToString());
        }

        return text.ToString();
    }

    private async Task ExpectNoServerErrorAsync(Endpoint endpoint, string url, List<string> failures)
    {
        Uri address;
        try
        {
            address = new Uri(url, UriKind.Relative);
        }
        catch (UriFormatException)
        {
            return; // not a request any client can send
        }

        HttpResponseMessage response;
        try
        {
            response = await (endpoint.Operator ? operatorClient : Client).GetAsync(address);
        }
        catch (InvalidOperationException exception) when (exception.Message.Contains("null characters", StringComparison.Ordinal))
        {
            return; // the in-memory server refuses a raw NUL in the path before the app sees it (Kestrel answers 400)
        }

        using (response)
        {
            if ((int)response.StatusCode >= 500)
            {
                var body = await response.Content.ReadAsStringAsync();
                failures.Add($"GET {(url.Length > 200 ? url[..200] + "..." : url)}: {(int)response.StatusCode} {(body.Length > 300 ? body[..300] : body)}");
            }
        }
    }

    /// <summary>Replaces each request's query with one that records every parameter name the app asks for.</summary>
    private sealed class RecordQueryReads(ConcurrentDictionary<string, byte> read) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Request.Query = new RecordingQuery(context.Request.Query, read);
                return following(context);
            });
            next(app);
        };
    }

    private sealed class RecordingQuery(IQueryCollection inner, ConcurrentDictionary<string, byte> read) : IQueryCollection
    {
        public StringValues this[string key] => Read(key, inner[key]);

        public int Count => inner.Count;

        public ICollection<string> Keys => inner.Keys;

        public bool ContainsKey(string key) => Read(key, inner.ContainsKey(key));

        public bool TryGetValue(string key, out StringValues value) => Read(key, inner.TryGetValue(key, out value));

        public IEnumerator<KeyValuePair<string, StringValues>> GetEnumerator() => inner.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private T Read<T>(string key, T result)
        {
            read.TryAdd(key, 0);
            return result;
        }
    }
}
