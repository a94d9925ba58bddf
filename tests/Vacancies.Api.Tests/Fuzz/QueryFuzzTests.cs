using System.Text;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Fuzz;

/// <summary>
/// Every query parameter of the public GET endpoints fed hostile values (very long, unicode, NUL, SQL,
/// broken %-encoding, repeated), and the path segments too: the answer may be a 400 or a 404, never a 500.
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

    /// <summary>The public GET endpoints and the parameters each reads. A new endpoint or parameter belongs here.</summary>
    public static readonly (string Path, string[] Parameters)[] Endpoints =
    [
        ("/units", ["country", "service", "sector", "region", "q", "near", "radiusKm"]),
        ("/units/wythenshawe-hospital", []),
        ("/sources", []),
        ("/sources/nhs-jobs/runs", ["limit"]),
        ("/vacancies", VacancySearchParameters),
        ("/vacancies.atom", VacancySearchParameters),
        ("/vacancies.ics", VacancySearchParameters),
        ("/units/wythenshawe-hospital/vacancies", VacancySearchParameters),
        ("/vacancies/1", []),
        ("/stats", []),
    ];

    /// <summary>Raw (already %-encoded where it matters) query values.</summary>
    private static readonly string[] Hostile =
    [
        "", "%20", "+", new string('a', 10_000), new string('9', 400), "%C3%9Cn%C3%AFc%C3%B6d%C3%A9%20%F0%9F%AB%80", "%E2%80%AE", "%EF%BB%BF",
        "%00", "a%00b", "%27%20or%201%3D1--", "%27%3B%20drop%20table%20units%3B--", "%25", "%", "%%", "%zz", "%C3%28", "%FF%FE", "%ED%A0%80",
        "a,b,,c", ",,,,", "england,,england", "1e309", "NaN", "Infinity", "-0", "99999999999999999999", "0x10", "-1", "1.5",
        "91,181", "NaN,NaN", "Infinity,0", "-90,-180", "53.4,-2.2,7", "53.4", ",", "%25_%5C", ".*", "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "..%2F..%2Fetc%2Fpasswd", "%24%7Bjndi%3Aldap%3A%2F%2Fx%7D", "%0D%0AX-Injected%3A%201", "%5B%5D", "%7B%7D", "true", "null",
    ];

    [Fact]
    public async Task Hostile_values_in_every_parameter_never_answer_500()
    {
        var failures = new List<string>();
        foreach (var (path, parameters) in Endpoints)
        {
            foreach (var parameter in parameters.Append("unknownParameter"))
            {
                foreach (var value in Hostile)
                {
                    await ExpectNoServerErrorAsync($"{path}?{parameter}={value}", failures);
                }

                // Repeated: twice, and many times, with different values.
                await ExpectNoServerErrorAsync($"{path}?{parameter}=a&{parameter}=b", failures);
                await ExpectNoServerErrorAsync($"{path}?{string.Join("&", Enumerable.Range(0, 200).Select(i => $"{parameter}={Hostile[i % Hostile.Length]}"))}", failures);
                await ExpectNoServerErrorAsync($"{path}?{parameter}", failures);
                await ExpectNoServerErrorAsync($"{path}?{parameter}=&{parameter}=", failures);
            }

            // Everything at once.
            await ExpectNoServerErrorAsync($"{path}?{string.Join("&", parameters.Select((p, i) => $"{p}={Hostile[(i * 7) % Hostile.Length]}"))}", failures);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    [Fact]
    public async Task Random_query_strings_never_answer_500()
    {
        var random = new Random(Seed);
        var failures = new List<string>();
        foreach (var (path, parameters) in Endpoints)
        {
            for (var i = 0; i < 150; i++)
            {
                var query = new StringBuilder();
                for (var pair = random.Next(1, 6); pair > 0; pair--)
                {
                    var name = parameters.Length > 0 && random.Next(4) > 0 ? parameters[random.Next(parameters.Length)] : RandomEncoded(random, 8);
                    query.Append(query.Length == 0 ? "" : "&").Append(name).Append('=').Append(RandomEncoded(random, random.Next(0, 300)));
                }

                await ExpectNoServerErrorAsync($"{path}?{query}", failures);
            }
        }

        Assert.True(failures.Count == 0, $"seed {Seed}:\n{string.Join("\n", failures.Take(30))}");
    }

    [Fact]
    public async Task Hostile_path_segments_never_answer_500()
    {
        var failures = new List<string>();
        foreach (var value in Hostile.Where(v => v.Length > 0))
        {
            await ExpectNoServerErrorAsync($"/units/{value}", failures);
            await ExpectNoServerErrorAsync($"/sources/{value}/runs", failures);
            await ExpectNoServerErrorAsync($"/sources/nhs-jobs/runs/{value}", failures);
            await ExpectNoServerErrorAsync($"/vacancies/{value}", failures);
            await ExpectNoServerErrorAsync($"/vacancies/{value}/jobposting", failures);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
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

    private async Task ExpectNoServerErrorAsync(string url, List<string> failures)
    {
        HttpResponseMessage response;
        try
        {
            response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        }
        catch (Exception exception) when (exception is UriFormatException || exception.Message.Contains("null characters", StringComparison.Ordinal))
        {
            return; // not a request the in-memory client sends (Kestrel itself answers a NUL in the path with 400)
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
}
