using System.Net;
using System.Net.Http.Headers;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Vacancies.Caching;
using Vacancies.Sweeps;
using Vacancies.Tests.Infrastructure;
using Vacancies.Tests.Seekers;

namespace Vacancies.Tests.Caching;

public sealed class PublicDataCacheTests(DatabaseFixture database) : ApiTest(database)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Cache:Enabled"] = "true" };

    [Fact]
    public async Task An_answer_is_kept_until_the_database_announces_a_change()
    {
        var id = await VacancyData.InsertAsync(Database.DataSource, new Post { Title = "Before" });
        await ListeningAsync();
        Assert.Equal("Before", await PrimedFirstTitleAsync("/vacancies"));
        Assert.Equal("Before", await PrimedFirstTitleAsync($"/vacancies/{id}", detail: true));

        // A write that fires no trigger, so sends no notice: only a cached answer still says "Before".
        await SilentlyRetitleAsync(id, "Silent");
        Assert.Equal("Before", await FirstTitleAsync("/vacancies"));
        Assert.Equal("Before", (string)(await GetJsonAsync($"/vacancies/{id}"))["title"]!);

        // An ordinary write, as another node or an operator would make it: its notice evicts every answer.
        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update listings set title = 'After' where vacancy_id = @id", new { id });
        }

        Assert.True(await EventuallyAsync(async () => await FirstTitleAsync("/vacancies") == "After"), "the change was not seen");
        Assert.Equal("After", (string)(await GetJsonAsync($"/vacancies/{id}"))["title"]!);
    }

    [Fact]
    public async Task Each_query_string_is_its_own_answer()
    {
        await VacancyData.InsertAsync(Database.DataSource,
            new Post { Title = "Trainee post", Grade = "trainee" },
            new Post { Title = "Senior post", Grade = "senior" });
        await ListeningAsync();

        Assert.Equal("Trainee post", await FirstTitleAsync("/vacancies?grade=trainee"));
        Assert.Equal("Senior post", await FirstTitleAsync("/vacancies?grade=senior"));
        Assert.Equal(2, (int)(await GetJsonAsync("/vacancies"))["count"]!);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/vacancies?grade=nonsense")).StatusCode);
    }

    [Fact]
    public async Task A_request_with_credentials_is_never_answered_from_the_cache()
    {
        var id = await VacancyData.InsertAsync(Database.DataSource, new Post { Title = "Before" });
        await ListeningAsync();
        Assert.Equal("Before", await PrimedFirstTitleAsync("/vacancies"));
        await SilentlyRetitleAsync(id, "Silent");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/vacancies");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "pv_0000000000000000_not-a-token");
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"Silent\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cached_answer_still_honours_if_none_match()
    {
        await VacancyData.InsertAsync(Database.DataSource, new Post());
        await ListeningAsync();
        using var first = await Client.GetAsync("/vacancies.atom");
        using var second = await Client.GetAsync("/vacancies.atom");
        var etag = second.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Equal(first.Headers.ETag, etag);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/vacancies.atom");
        conditional.Headers.IfNoneMatch.Add(etag);
        using var notModified = await Client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task A_unit_edit_is_seen_at_once_by_the_node_that_made_it_and_by_others()
    {
        await ListeningAsync();
        var before = (string)(await GetJsonAsync("/units/wythenshawe-hospital"))["name"]!;
        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update units set name = 'Renamed Unit' where slug = 'wythenshawe-hospital'");
        }

        Assert.NotEqual("Renamed Unit", before);
        Assert.True(await EventuallyAsync(async () => (string)(await GetJsonAsync("/units/wythenshawe-hospital"))["name"]! == "Renamed Unit"));
        Assert.Contains("Renamed Unit", await Client.GetStringAsync("/units"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lost_listening_connection_costs_the_cache_never_freshness()
    {
        var id = await VacancyData.InsertAsync(Database.DataSource, new Post { Title = "Before" });
        await ListeningAsync();
        Assert.Equal("Before", await PrimedFirstTitleAsync("/vacancies"));
        await SilentlyRetitleAsync(id, "Silent");
        Assert.Equal("Before", await FirstTitleAsync("/vacancies"));

        // The database ends the listener's session, as a restart or a failover would: notices may have been missed
        // while it was gone, so the node must not trust what it cached before.
        var freshness = App.Services.GetRequiredService<CacheFreshness>();
        var before = freshness.Generation;
        await using (var connection = await Database.DataSource.OpenConnectionAsync())
        {
            const string sql = $"""
                select count(*) from (
                    select pg_terminate_backend(pid) from pg_stat_activity
                    where datname = current_database() and query = 'listen {ChangeListener.Channel}') ended
                """;
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>(sql));
        }

        Assert.True(await EventuallyAsync(() => Task.FromResult(freshness.Generation > before && freshness.Listening)), "the listener did not come back");
        Assert.Equal("Silent", await FirstTitleAsync("/vacancies"));
    }

    [Theory]
    [InlineData("2026-07-01T22:59:30Z", 30)] // 23:59:30 BST
    [InlineData("2026-12-01T23:59:00Z", 60)] // 23:59:00 GMT
    [InlineData("2026-03-29T00:00:00Z", 23 * 3600)] // midnight GMT on the day the clocks go forward: 23 hours long
    [InlineData("2026-10-24T23:00:00Z", 25 * 3600)] // midnight BST on the day the clocks go back: 25 hours long
    public void Answers_expire_when_the_uk_date_turns_over(string utcNow, int seconds)
    {
        var time = new FixedTime(DateTimeOffset.Parse(utcNow, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.FromSeconds(seconds), UkCalendar.UntilTomorrow(time));
    }

    private Task ListeningAsync() => ListeningAsync(App);

    private async Task<string> FirstTitleAsync(string url) => (string)(await GetJsonAsync(url))["items"]![0]!["title"]!;

    /// <summary>Reads until an answer was computed with no eviction during it, so it was kept: the listener may still
    /// be handling a notice from before the test (an eviction then is right, and refuses to keep that answer).</summary>
    private async Task<string> PrimedFirstTitleAsync(string url, bool detail = false)
    {
        var freshness = App.Services.GetRequiredService<CacheFreshness>();
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var before = freshness.Generation;
            var body = await GetJsonAsync(url);
            if (freshness.Generation == before || DateTime.UtcNow > deadline)
            {
                return (string)(detail ? body["title"] : body["items"]![0]!["title"])!;
            }
        }
    }

    private async Task SilentlyRetitleAsync(long id, string title)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // Triggers do not fire for a replica's session: the change is made without its notice.
        await connection.ExecuteAsync("set local session_replication_role = replica", transaction: transaction);
        await connection.ExecuteAsync("update listings set title = @title where vacancy_id = @id", new { title, id }, transaction);
        await transaction.CommitAsync();
    }

    private static Task<bool> EventuallyAsync(Func<Task<bool>> condition) => Eventually.HoldsAsync(condition, Patience, TimeSpan.FromMilliseconds(50));

    /// <summary>Waits for the app's listener to be listening, before which nothing is cached.</summary>
    internal static async Task ListeningAsync(VacanciesApp app)
    {
        var freshness = app.Services.GetRequiredService<CacheFreshness>();
        Assert.True(await EventuallyAsync(() => Task.FromResult(freshness.Listening)), "the cache never began listening");
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
