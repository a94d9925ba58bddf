using System.Net;
using Vacancies.Hosting;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Chiefs;

/// <summary>The token verb through CommandLine.RunAsync. In the database collection, so capturing the
/// process's Console never races another test of it.</summary>
public sealed class TokenCommandTests(DatabaseFixture database) : ChiefsTest(database)
{
    private Task<(int Exit, string Out, string Error)> RunAsync(params string[] args) =>
        CommandLineRunner.RunAsync(Database.ConnectionString, null, args);

    // The secret is base64url, which may itself hold '_': it is everything after the lookup id.
    private static string Secret(string token) => token.Split('_', 3)[2];

    [Fact]
    public async Task Issue_prints_the_token_alone_on_the_last_line_and_it_works()
    {
        var (exit, output, _) = await RunAsync("token", "issue", "--unit", Unit, "--name", "Pat Chief", "--expires-days", "30");
        Assert.Equal(0, exit);
        var token = output.TrimEnd().Split('\n')[^1].Trim();
        Assert.StartsWith("pv_", token);
        using var response = await PatchUnitAsync(token, """{"teamSize": 7}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var (listExit, list, _) = await RunAsync("token", "list");
        Assert.Equal(0, listExit);
        Assert.Contains(Unit, list);
        Assert.Contains("Pat Chief", list);
        Assert.Contains("active", list);
        Assert.DoesNotContain(Secret(token), list);
        Assert.DoesNotContain(token.Split('_', 3)[1], list);
    }

    [Fact]
    public async Task Revoke_stops_the_token_and_both_are_audited()
    {
        var (_, output, _) = await RunAsync("token", "issue", "--unit", Unit, "--name", "Pat Chief");
        var token = output.TrimEnd().Split('\n')[^1].Trim();
        var id = (await Tokens.ListAsync(CancellationToken.None)).Single().Id;

        var (exit, revoked, _) = await RunAsync("token", "revoke", id.ToString());
        Assert.Equal(0, exit);
        Assert.Contains("Revoked", revoked);
        using var response = await PatchUnitAsync(token, """{"teamSize": 7}""");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("revoked", (await RunAsync("token", "list")).Out);

        var audit = await AuditRowsAsync();
        Assert.Equal(["issue", "revoke"], audit.Select(a => (string)a["action"]!));
        Assert.All(audit, a => Assert.StartsWith("cli:", (string)a["actor"]!));
        Assert.DoesNotContain(audit, a => a.ToJsonString().Contains(Secret(token), StringComparison.Ordinal));

        var (again, _, error) = await RunAsync("token", "revoke", id.ToString());
        Assert.Equal(1, again);
        Assert.Contains("no active token", error);
    }

    [Fact]
    public async Task An_admin_token_is_issued_with_admin()
    {
        var (exit, output, _) = await RunAsync("token", "issue", "--admin", "--name", "Ops");
        Assert.Equal(0, exit);
        var token = output.TrimEnd().Split('\n')[^1].Trim();
        using var response = await PatchUnitAsync(token, """{"teamSize": 7}""", OtherUnit);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("(admin)", (await RunAsync("token", "list")).Out);
    }

    [Theory]
    [InlineData("token")]
    [InlineData("token", "issue", "--name", "x")]
    [InlineData("token", "issue", "--unit", Unit)]
    [InlineData("token", "issue", "--unit", Unit, "--admin", "--name", "x")]
    [InlineData("token", "issue", "--unit", Unit, "--name", "x", "--expires-days", "0")]
    [InlineData("token", "issue", "--unit", Unit, "--name", "x", "--bogus")]
    [InlineData("token", "revoke")]
    [InlineData("token", "revoke", "abc")]
    [InlineData("token", "list", "extra")]
    public async Task Bad_usage_is_exit_code_2(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);
        Assert.Equal(CommandLine.UsageExitCode, exit);
        Assert.Contains("usage:", error);
    }

    [Fact]
    public async Task An_unknown_unit_is_exit_code_1()
    {
        var (exit, output, error) = await RunAsync("token", "issue", "--unit", "no-such-unit", "--name", "x");
        Assert.Equal(1, exit);
        Assert.Contains("no-such-unit", error);
        Assert.DoesNotContain("pv_", output);
        Assert.Empty(await Tokens.ListAsync(CancellationToken.None));
    }
}
