using System.Globalization;
using System.Web;
using Vacancies.Boards;
using Vacancies.Boards.HscNi;
using Vacancies.Boards.Hse;
using Vacancies.Boards.NhsScotland;
using Vacancies.Boards.PublicJobs;
using Vacancies.Sources;

namespace Vacancies.Sweeps;

/// <summary>What reading a board's list pages found, and whether it can be trusted to be all of it.</summary>
public sealed record CrawlResult(IReadOnlyList<ParsedVacancy> Listings, bool Complete, string? Path, int Pages, string? IncompleteReason);

/// <summary>
/// How to page through one board's search. A board contributes its first page and how to reach the
/// next; walking the pages, counting them and checking the stated total is the same for all.
/// </summary>
public class BoardCrawler(SourceInfo source, Func<string, int, string> firstPage, bool usesKeywords)
{
    public SourceInfo Source { get; } = source;

    public static BoardCrawler For(SourceInfo source) => source.Slug switch
    {
        "nhs-jobs" => new NhsJobsCrawler(source),
        "nhs-scotland" => new BoardCrawler(source, (keyword, _) => NhsScotlandParser.CardListPath(keyword, 0), usesKeywords: true)
        {
            // The card list's next link names only Skip; the keyword has to be carried over.
            NextPage = (page, keyword) => page.NextPage is { } next && SkipOf(next) is { } skip ? NhsScotlandParser.CardListPath(keyword, skip) : null,
        },
        "hsc-ni" => new BoardCrawler(source, (keyword, _) => HscNiParser.SearchPath(keyword, 1), usesKeywords: true),
        "hse" => new BoardCrawler(source, (_, _) => HseParser.ListingPath(1), usesKeywords: false),
        "publicjobs" => new BoardCrawler(source, (_, _) => PublicJobsParser.BoardPath(0), usesKeywords: false),
        _ => throw new ArgumentOutOfRangeException(nameof(source), source.Slug, "No crawler for this source."),
    };

    /// <summary>The next list page's path and query, or null on the last page. By default the page's own next link.</summary>
    public Func<ParsedPage, string, string?> NextPage { get; init; } = (page, _) => page.NextPage;

    /// <summary>Where a listing's own advert page is fetched: its canonical path and query on the base URL.</summary>
    public virtual Uri AdvertAddress(Uri baseUrl, ParsedVacancy listing) => BoardLinks.OnBase(baseUrl, new Uri(listing.Url).PathAndQuery);

    public virtual async Task<CrawlResult> CrawlAsync(BoardFetcher fetcher, SourceOptions settings, CancellationToken cancellationToken)
    {
        var keywords = usesKeywords ? settings.Keywords : [""];
        var results = new List<CrawlResult>();
        foreach (var keyword in keywords)
        {
            results.Add(await WalkAsync(fetcher, firstPage(keyword, 1), keyword, settings.MaxPages, cancellationToken));
        }

        return Merge(results, path: null);
    }

    /// <summary>Reads list pages from the first until one has no next page (or lists nothing), and calls the
    /// result complete only when the board stated a total and exactly that many distinct posts were read.</summary>
    protected async Task<CrawlResult> WalkAsync(BoardFetcher fetcher, string first, string keyword, int maxPages, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, ParsedVacancy>(StringComparer.Ordinal);
        int? statedTotal = null;
        var pages = 0;
        var next = first;
        while (next is not null)
        {
            if (pages == maxPages)
            {
                return new CrawlResult([.. seen.Values], false, null, pages, $"stopped after {maxPages} pages for '{keyword}'");
            }

            var address = BoardLinks.OnBase(fetcher.BaseUrl, next);
            var fetched = await fetcher.GetAsync(address, cancellationToken);
            var page = Source.Parser.Parse(fetched.Content, address);
            pages++;
            statedTotal ??= page.TotalResults;
            foreach (var vacancy in page.Vacancies)
            {
                seen.TryAdd(vacancy.SourceRef, vacancy);
            }

            next = page.Vacancies.Count == 0 ? null : NextPage(page, keyword);
        }

        return Finish(seen, statedTotal, keyword, path: null, pages);
    }

    /// <summary>A read is complete only when the board stated a total and exactly that many distinct posts were read.</summary>
    protected static CrawlResult Finish(Dictionary<string, ParsedVacancy> seen, int? statedTotal, string keyword, string? path, int pages)
    {
        var reason = statedTotal switch
        {
            null => "the board stated no total",
            { } total when total != seen.Count => $"the board stated {total} results for '{keyword}' but {seen.Count} were read",
            _ => null,
        };
        return new CrawlResult([.. seen.Values], reason is null, path, pages, reason);
    }

    protected static CrawlResult Merge(IReadOnlyList<CrawlResult> results, string? path)
    {
        var merged = new Dictionary<string, ParsedVacancy>(StringComparer.Ordinal);
        foreach (var listing in results.SelectMany(r => r.Listings))
        {
            merged.TryAdd(listing.SourceRef, listing);
        }

        var reasons = results.Select(r => r.IncompleteReason).OfType<string>().ToList();
        return new CrawlResult([.. merged.Values], reasons.Count == 0, path, results.Sum(r => r.Pages), reasons.Count == 0 ? null : string.Join("; ", reasons));
    }

    private static int? SkipOf(string link)
    {
        var query = new Uri(new Uri("https://x/"), link).Query;
        return int.TryParse(HttpUtility.ParseQueryString(query)["Skip"], NumberStyles.None, CultureInfo.InvariantCulture, out var skip) ? skip : null;
    }
}

/// <summary>NHS Jobs: the XML search first (100 a page, every page), the HTML results pages when the XML
/// endpoint is refused or answers something unparsable. The result says which path was taken.</summary>
public sealed class NhsJobsCrawler(SourceInfo source) : BoardCrawler(source, HtmlFirstPage, usesKeywords: true)
{
    public const int XmlPageSize = 100;

    public override async Task<CrawlResult> CrawlAsync(BoardFetcher fetcher, SourceOptions settings, CancellationToken cancellationToken)
    {
        var results = new List<CrawlResult>();
        var path = "xml";
        foreach (var keyword in settings.Keywords)
        {
            try
            {
                results.Add(await XmlWalkAsync(fetcher, keyword, settings.MaxPages, cancellationToken));
            }
            catch (Exception exception) when (IsXmlRefusal(exception))
            {
                path = "html";
                results.Add(await WalkAsync(fetcher, HtmlFirstPage(keyword, 1), keyword, settings.MaxPages, cancellationToken));
            }
        }

        return Merge(results, path);
    }

    public static string XmlPath(string keyword, int page) =>
        $"/api/v1/search_xml?keyword={Uri.EscapeDataString(keyword)}&sort=publicationDateDesc&page={page}&limit={XmlPageSize}";

    private static string HtmlFirstPage(string keyword, int page) =>
        $"/candidate/search/results?keyword={Uri.EscapeDataString(keyword)}&sort=publicationDateDesc&page={page}&language=en";

    // An open circuit means the board is failing, not that the XML endpoint is refused: the HTML pages would fail too.
    private static bool IsXmlRefusal(Exception exception) => exception switch
    {
        PageFormatException => true,
        BoardFetchException fetch => fetch.Status is not null && !fetch.IsBlocked || fetch.Status is System.Net.HttpStatusCode.Forbidden,
        _ => false,
    };

    private async Task<CrawlResult> XmlWalkAsync(BoardFetcher fetcher, string keyword, int maxPages, CancellationToken cancellationToken)
    {
        var page = 1;
        var totalPages = 1;
        var seen = new Dictionary<string, ParsedVacancy>(StringComparer.Ordinal);
        int? statedTotal = null;
        while (page <= totalPages)
        {
            if (page > maxPages)
            {
                return new CrawlResult([.. seen.Values], false, "xml", page - 1, $"stopped after {maxPages} XML pages for '{keyword}'");
            }

            var address = BoardLinks.OnBase(fetcher.BaseUrl, XmlPath(keyword, page));
            var parsed = Source.Parser.Parse((await fetcher.GetAsync(address, cancellationToken)).Content, address);
            if (parsed.Kind != PageKind.Xml)
            {
                throw new PageFormatException($"{address.PathAndQuery} answered a {PageJson.KindName(parsed.Kind)} page, not the XML search");
            }

            statedTotal ??= parsed.TotalResults;
            totalPages = Math.Max(1, (int)Math.Ceiling((statedTotal ?? 0) / (double)XmlPageSize));
            foreach (var vacancy in parsed.Vacancies)
            {
                seen.TryAdd(vacancy.SourceRef, vacancy);
            }

            page++;
        }

        return Finish(seen, statedTotal, keyword, "xml", page - 1);
    }
}
