using System.Net;
using Dapper;
using Vacancies.Tests.Chiefs;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Caching;

/// <summary>A chief saves, then reads back (and saves again with the ETag just read): with the cache on, the node
/// that took the write answers with it at once, not after the database's notice comes round.</summary>
public sealed class ChiefWriteCacheTests(DatabaseFixture database) : ChiefsTest(database)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Cache:Enabled"] = "true" };

    [Fact]
    public async Task A_chief_reads_back_each_save_at_once()
    {
        await PublicDataCacheTests.ListeningAsync(App);
        var token = await IssueAsync();
        // Without the database's notice, only the writing node's own eviction can make the read-back fresh.
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("alter table units disable trigger units_changed");
        try
        {
            await SaveAndReadBackAsync(token);
        }
        finally
        {
            await connection.ExecuteAsync("alter table units enable trigger units_changed");
        }
    }

    private async Task SaveAndReadBackAsync(string token)
    {
        for (var i = 1; i <= 3; i++)
        {
            // Each PATCH sends If-Match with the ETag of a GET made just before: a stale cached unit would give 412.
            using var saved = await PatchUnitAsync(token, $$"""{"visits":"Visit number {{i}}"}""");
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            Assert.Contains($"Visit number {i}", await Client.GetStringAsync($"/units/{Unit}"), StringComparison.Ordinal);
        }
    }
}
