using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Vacancies.Caching;

/// <summary>
/// Listens on the database for changes to what the public answers show (sql/010: a trigger on every such table
/// notifies at commit, whoever writes: a sweep on another node, a chief, an operator's SQL) and evicts the cache.
/// While it is not listening, nothing is cached or served from the cache, so a lost connection costs speed, never
/// freshness.
/// </summary>
public sealed class ChangeListener(
    NpgsqlDataSource dataSource,
    IOutputCacheStore store,
    CacheFreshness freshness,
    IOptions<CacheOptions> options,
    ILogger<ChangeListener> logger) : BackgroundService
{
    public const string Channel = "public_data_changed";

    public const string Tag = "public-data";

    // A quiet connection is checked this often, so a database that went away is noticed without a notice.
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var retry = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"listen {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Whatever was cached before listening began may have missed a notice.
                await EvictAsync(stoppingToken);
                freshness.Listening = true;
                retry = TimeSpan.FromSeconds(1);
                logger.LogInformation("Listening for data changes; public answers are cached for up to {MaxAge} s, and never past midnight.", options.Value.MaxAgeSeconds);
                while (true)
                {
                    if (await connection.WaitAsync(IdleCheck, stoppingToken))
                    {
                        await EvictAsync(stoppingToken);
                    }
                    else
                    {
                        await using var ping = new NpgsqlCommand("select 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Not listening for data changes; the cache is off until the database answers again (retry in {Retry}).", retry);
            }
            finally
            {
                freshness.Listening = false;
            }

            await EvictAsync(CancellationToken.None);
            try
            {
                await Task.Delay(retry, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            retry = TimeSpan.FromSeconds(Math.Min(retry.TotalSeconds * 2, 30));
        }
    }

    /// <summary>Evicts at once, for a write this node has just committed: its own next read is then fresh without
    /// waiting for the notice (which still reaches every other node).</summary>
    public async Task EvictAsync(CancellationToken cancellationToken)
    {
        freshness.Evicted();
        await store.EvictByTagAsync(Tag, cancellationToken);
    }
}

/// <summary>What the cache policy needs to know of the listener, apart from it (the output cache's own options
/// depend on the policy, and the listener on the output cache).</summary>
public sealed class CacheFreshness
{
    private long generation;
    private volatile bool listening;

    /// <summary>True while notices are being received, the only time the cache may be used.</summary>
    public bool Listening
    {
        get => listening;
        set => listening = value;
    }

    /// <summary>Bumped by every eviction: an answer computed across a bump may predate the change and is not kept.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public void Evicted() => Interlocked.Increment(ref generation);
}
