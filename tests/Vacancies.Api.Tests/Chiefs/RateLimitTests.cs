using System.Net;
using Microsoft.Extensions.Options;
using Vacancies.Hosting;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Chiefs;

public sealed class RateLimitTests(DatabaseFixture database) : ChiefsTest(database)
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Chiefs:PermitsPerToken"] = "2",
        ["Chiefs:PermitsPerAddress"] = "4",
        ["Chiefs:WindowSeconds"] = "3600",
    };

    [Fact]
    public async Task Writes_past_the_per_token_limit_are_429_with_Retry_After()
    {
        var token = await IssueAsync();
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await PatchUnitAsync(token, "{}");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var limited = await PatchUnitAsync(token, "{}");
        await AssertProblemAsync(limited, 429);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, limited.Headers.ToString());

        // Reads are not limited, and another token has its own allowance.
        using var read = await Client.GetAsync($"/units/{Unit}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var other = await IssueAsync(OtherUnit, "Other Chief");
        using var otherWrite = await PatchUnitAsync(other, "{}", OtherUnit);
        Assert.Equal(HttpStatusCode.OK, otherWrite.StatusCode);
    }

    [Fact]
    public async Task Guessing_tokens_from_one_address_is_limited_too()
    {
        for (var i = 0; i < 4; i++)
        {
            using var guess = await SendAsync(HttpMethod.Patch, $"/units/{Unit}", "pv_0000000000000000_guess" + i, "{}", ifMatch: "\"1\"");
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        using var limited = await SendAsync(HttpMethod.Patch, $"/units/{Unit}", "pv_0000000000000000_guess", "{}", ifMatch: "\"1\"");
        await AssertProblemAsync(limited, 429);
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Fact]
    public async Task Invalid_limits_stop_the_host_at_start()
    {
        await using var app = VacanciesHost.Build(["--urls=http://127.0.0.1:0", $"--ConnectionStrings:Vacancies={Database.ConnectionString}", "--Chiefs:PermitsPerToken=0", "--Chiefs:WindowSeconds=0"]);
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("Chiefs:PermitsPerToken", exception.Message);
        Assert.Contains("Chiefs:WindowSeconds", exception.Message);
    }
}
