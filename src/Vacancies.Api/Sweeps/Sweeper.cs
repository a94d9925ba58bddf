using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Vacancies.Boards;
using Vacancies.Sources;
using Vacancies.Vacancies.Matching;

namespace Vacancies.Sweeps;

/// <summary>
/// One sweep of one board, the same for every board: read the list pages, keep the perfusion posts,
/// read the adverts of new or changed ones, match each to its unit, store it all in one transaction,
/// and record the run. A sweep that could not read everything closes nothing.
/// </summary>
public sealed class Sweeper(
    IHttpClientFactory httpClients,
    IOptionsMonitor<SourcesOptions> options,
    SweepStore store,
    NpgsqlDataSource dataSource,
    NodeIdentity node,
    TimeProvider time,
    ILogger<Sweeper> logger)
{
    public Task<SweepReport> RunAsync(string sourceSlug, string trigger, CancellationToken cancellationToken) =>
        RunAsync(sourceSlug, trigger, queuedId: null, scheduledFor: null, cancellationToken);

    /// <param name="queuedId">The sweep row an API request queued, which this run takes over.</param>
    /// <param name="scheduledFor">The fire time of the schedule this run is for: a second run for the same
    /// fire time (another node) is refused by the database.</param>
    public async Task<SweepReport> RunAsync(string sourceSlug, string trigger, long? queuedId, DateTimeOffset? scheduledFor, CancellationToken cancellationToken)
    {
        var source = SourceCatalog.Find(sourceSlug) ?? throw new ArgumentOutOfRangeException(nameof(sourceSlug), sourceSlug, "Unknown source.");
        var settings = options.CurrentValue.For(source.Slug);

        // Held for the whole sweep: a second sweep of the same board (another node, or the command line
        // beside the scheduler) is refused instead of racing this one.
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        const string tryLock = "select pg_try_advisory_lock(hashtextextended('sweep:' || @source, 0))";
        if (!await lockConnection.ExecuteScalarAsync<bool>(new CommandDefinition(tryLock, new { source = source.Slug }, cancellationToken: cancellationToken)))
        {
            throw new SweepAlreadyRunningException(source.Slug);
        }

        try
        {
            return await SweepLockedAsync(source, settings, trigger, queuedId, scheduledFor, cancellationToken);
        }
        finally
        {
            // Unlocked explicitly: a pooled connection keeps its session's locks until it is reset.
            const string unlock = "select pg_advisory_unlock(hashtextextended('sweep:' || @source, 0))";
            try
            {
                await lockConnection.ExecuteAsync(new CommandDefinition(unlock, new { source = source.Slug }, cancellationToken: CancellationToken.None));
            }
            catch (NpgsqlException exception)
            {
                // The session ended under us (a database restart): its lock ended with it, and the sweep's own
                // outcome, already recorded, must not be replaced by this.
                logger.LogWarning(exception, "The lock session of the {Source} sweep was lost; the lock went with it", source.Slug);
            }
        }
    }

    private async Task<SweepReport> SweepLockedAsync(SourceInfo source, SourceOptions settings, string trigger, long? queuedId, DateTimeOffset? scheduledFor, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var sweepId = await store.BeginAsync(source.Slug, node.Name, trigger, queuedId, scheduledFor, cancellationToken);
        var fetcher = new BoardFetcher(httpClients.CreateClient(BoardHttp.ClientName(source.Slug)), new Uri(settings.BaseUrl));
        var report = new SweepReport { Id = sweepId, Source = source.Slug, Node = node.Name, StartedAt = started, Outcome = SweepOutcome.Running };
        try
        {
            report = await SweepAsync(source, settings, fetcher, report, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            report = report with { Outcome = SweepOutcome.Failed, Error = "abandoned: the node stopped during the sweep; nothing was written" };
            await FinishAsync(report, fetcher, CancellationToken.None);
            throw;
        }
        catch (BoardFetchException exception)
        {
            report = report with { Outcome = exception.IsBlocked ? SweepOutcome.Blocked : SweepOutcome.Failed, Error = exception.Message };
        }
        catch (PageFormatException exception)
        {
            report = report with { Outcome = SweepOutcome.Failed, Error = $"page not readable (has the board's layout changed?): {exception.Message}" };
        }
        catch (NpgsqlException exception)
        {
            report = report with { Outcome = SweepOutcome.Failed, Error = $"database: {exception.Message}" };
        }

        return await FinishAsync(report, fetcher, CancellationToken.None);
    }

    private async Task<SweepReport> FinishAsync(SweepReport report, BoardFetcher fetcher, CancellationToken cancellationToken)
    {
        report = report with { Requests = fetcher.Counter.Count, FinishedAt = time.GetUtcNow() };
        if (report.Outcome is SweepOutcome.Failed or SweepOutcome.Blocked)
        {
            logger.LogWarning("Sweep {SweepId} of {Source} {Outcome}: {Error}", report.Id, report.Source, report.Outcome, report.Error);
        }
        else
        {
            logger.LogInformation("Sweep {SweepId}: {Summary}", report.Id, report.Summary());
        }

        try
        {
            await store.FinishAsync(report, cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            // The sweep's data transaction stands or fell on its own; only its record is lost.
            logger.LogError(exception, "Could not record the end of sweep {SweepId}", report.Id);
        }

        return report;
    }

    /// <summary>A listing new to this board that advertises a post another board already carries joins that
    /// post's vacancy, so the post is shown once with every board's link.</summary>
    private async Task<List<IncomingListing>> LinkToPostsOnOtherBoardsAsync(
        string source, List<IncomingListing> incoming, IReadOnlyDictionary<string, SweepStore.KnownListing> known, CancellationToken cancellationToken)
    {
        var fresh = incoming.Where(i => !known.ContainsKey(i.Vacancy.SourceRef) && i.UnitId is not null).ToList();
        if (fresh.Count == 0)
        {
            return incoming;
        }

        var open = await store.OpenPostsElsewhereAsync(source, fresh.Select(i => i.UnitId!.Value).Distinct().ToList(), cancellationToken);
        var taken = new HashSet<long>();
        return incoming.Select(listing =>
        {
            if (!fresh.Contains(listing))
            {
                return listing;
            }

            var facts = new SamePost.Facts(listing.UnitId, listing.Vacancy.Grade is { } g ? PageJson.GradeName(g) : null, listing.Vacancy.Title,
                listing.Vacancy.PostedOn, listing.Vacancy.ClosesOn, listing.Vacancy.Advert?.EmployerReference);
            // One listing of a board per post: a second matching listing on the same board is a second post.
            var same = open.FirstOrDefault(post => !taken.Contains(post.VacancyId) && SamePost.Matches(facts, post.Facts));
            if (same is null)
            {
                return listing;
            }

            taken.Add(same.VacancyId);
            return listing with { SameAsVacancyId = same.VacancyId };
        }).ToList();
    }

    private async Task<SweepReport> SweepAsync(SourceInfo source, SourceOptions settings, BoardFetcher fetcher, SweepReport report, CancellationToken cancellationToken)
    {
        var crawler = BoardCrawler.For(source);
        var crawl = await crawler.CrawlAsync(fetcher, settings, cancellationToken);
        var perfusion = crawl.Listings.Where(l => l.IsPerfusion).ToList();
        report = report with { Path = crawl.Path, Pages = crawl.Pages, PostsSeen = crawl.Listings.Count, PerfusionPosts = perfusion.Count };

        var known = await store.KnownAsync(source.Slug, perfusion.Select(p => p.SourceRef).ToList(), cancellationToken);
        var matcher = await MatcherData.LoadAsync(dataSource, cancellationToken);
        var incoming = new List<IncomingListing>(perfusion.Count);
        var advertProblems = new List<string>();
        var circuitOpen = false;
        foreach (var listing in perfusion)
        {
            var hash = ListingFingerprint.Of(listing);
            var needsAdvert = !known.TryGetValue(listing.SourceRef, out var stored) || stored.ListHash != hash || !stored.AdvertRead;
            var merged = listing;
            var advertRead = false;
            if (needsAdvert && !circuitOpen)
            {
                try
                {
                    var address = crawler.AdvertAddress(fetcher.BaseUrl, listing);
                    var advert = source.Parser.Parse((await fetcher.GetAsync(address, cancellationToken)).Content, address);
                    if (advert.Kind != PageKind.Advert || advert.Vacancies.Count != 1)
                    {
                        throw new PageFormatException($"{address.PathAndQuery} is not an advert page");
                    }

                    merged = ListingFingerprint.Merge(listing, advert.Vacancies[0]);
                    advertRead = true;
                }
                catch (BoardFetchException exception) when (exception.IsNotFound)
                {
                    // Withdrawn between the list page and now, or never published: the list page's facts stand.
                    advertProblems.Add($"{listing.SourceRef}: advert {exception.Message}");
                }
                catch (BoardFetchException exception)
                {
                    advertProblems.Add($"{listing.SourceRef}: advert {exception.Message}");
                    circuitOpen = exception.InnerException is Polly.CircuitBreaker.BrokenCircuitException || exception.IsBlocked;
                }
                catch (PageFormatException exception)
                {
                    advertProblems.Add($"{listing.SourceRef}: advert not readable: {exception.Message}");
                }
            }

            var match = matcher.Match(merged.Employer, merged.Location, merged.Postcode, merged.Title);
            var country = match.UnitId is { } unitId ? matcher.CountryOf(unitId) : source.DefaultCountry;
            incoming.Add(new IncomingListing(merged, hash, advertRead, TouchOnly: !needsAdvert, match.UnitId, match.CandidateUnitIds, match.Reason, country));
        }

        incoming = await LinkToPostsOnOtherBoardsAsync(source.Slug, incoming, known, cancellationToken);

        // Unread adverts do not make the list incomplete: closing depends on the list pages alone.
        var saved = await store.SaveAsync(report.Id, source.Slug, incoming, crawl.Complete, cancellationToken);
        var errors = new List<string>();
        if (!crawl.Complete)
        {
            errors.Add($"incomplete, nothing closed: {crawl.IncompleteReason}");
        }

        errors.AddRange(advertProblems.Take(20));
        return report with
        {
            // An advert that could not be read leaves its listing with the list page's facts; it does not make
            // the sweep partial, because what a sweep may close depends on the list pages alone.
            Outcome = crawl.Complete ? SweepOutcome.Succeeded : SweepOutcome.Partial,
            New = saved.New,
            Updated = saved.Updated,
            Closed = saved.Closed,
            Unmatched = saved.Unmatched,
            Error = errors.Count == 0 ? null : string.Join("; ", errors),
        };
    }
}

public sealed class SweepAlreadyRunningException(string source) : Exception($"A sweep of {source} is already running.")
{
    public string SourceSlug { get; } = source;
}

/// <summary>Who this process is in sweep records and the scheduler's cluster.</summary>
public sealed class NodeIdentity
{
    public string Name { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}
