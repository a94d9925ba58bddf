using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Vacancies.Boards.Hse;

/// <summary>
/// HSE Ireland's job search (about.hse.ie/jobs/job-search/): the listing and the job pages. The markup is
/// reconstructed from what public scrapers select on (Fixtures/hse/README.md), so fields are found by their
/// labels and roles, never by position, and anything that looks like a changed layout throws.
/// </summary>
public sealed partial class HseParser : IBoardParser
{
    public static Uri RealHost { get; } = new("https://about.hse.ie");

    private const string JobSearchPath = "/jobs/job-search/";

    /// <summary>Cards per listing page, as the board serves them (README: seen in scrapers).</summary>
    public const int PageSize = 10;

    public string Source => "hse";

    /// <summary>The listing page N (1-based); no keyword, so every HSE vacancy is listed.</summary>
    public static string ListingPath(int page)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        return string.Create(CultureInfo.InvariantCulture, $"{JobSearchPath}?page={page}");
    }

    public ParsedPage Parse(string content, Uri? servedFrom = null)
    {
        try
        {
            return ParseDocument(BoardHtml.Parse(Source, content ?? string.Empty), content ?? string.Empty, servedFrom);
        }
        catch (Exception e) when (e is not PageFormatException)
        {
            // The contract promises callers one exception type for any page, so an unforeseen failure on
            // odd input still reads as "this page is not what we know", not as a crash of the crawler.
            throw new PageFormatException($"hse: unreadable page ({e.GetType().Name}: {e.Message})");
        }
    }

    private ParsedPage ParseDocument(IDocument document, string content, Uri? servedFrom)
    {
        var summary = SummaryRows(document);
        if (summary.Count > 0 && (summary.ContainsKey("reference") || summary.ContainsKey("advertisement type")))
        {
            return ParseJobPage(document, summary, content, servedFrom);
        }

        var cards = document.QuerySelectorAll("li.hse-listing__item");
        var count = FindCount(document);
        if (cards.Length > 0 || count is not null || document.QuerySelector("ol.hse-listing") is not null)
        {
            return ParseListing(document, cards, count, servedFrom);
        }

        throw new PageFormatException("hse: neither a job-search listing nor a job page");
    }

    private ParsedPage ParseListing(IDocument document, IHtmlCollection<IElement> cards, int? count, Uri? servedFrom)
    {
        var vacancies = cards.Select(ReadCard).ToList();
        var next = document.QuerySelector("a[rel~=next], a.hse-pagination__link--next")
            ?? document.QuerySelectorAll(".hse-pagination a[href], nav a[href]")
                .FirstOrDefault(a => TextClean.Normalize(a.TextContent) is { } text && text.StartsWith("Next", StringComparison.OrdinalIgnoreCase));

        if (vacancies.Count == 0)
        {
            // A page one past the end is valid and empty; a page that still links onward, holds job links,
            // or was asked for a page inside the stated total has lost its cards to a layout change.
            var jobLinks = document.QuerySelectorAll("main a[href]").Any(a => SlugOf(a.GetAttribute("href")) is not null);
            var withinTotal = count > 0 && PageNumberOf(servedFrom) is { } page && (page - 1L) * PageSize < count;
            if (next is not null || jobLinks || withinTotal)
            {
                throw new PageFormatException($"hse: the listing states {count?.ToString(CultureInfo.InvariantCulture) ?? "no"} total but no card could be read");
            }
        }

        var nextPage = vacancies.Count > 0 && next?.GetAttribute("href") is { Length: > 0 } href
            ? BoardLinks.Canonical(RealHost, new Uri(new Uri(RealHost, JobSearchPath), href.Trim()).PathAndQuery, keepQuery: true)
            : null;
        return new ParsedPage(Source, PageKind.Listing, count, nextPage, vacancies);
    }

    private static ParsedVacancy ReadCard(IElement card)
    {
        var link = card.QuerySelector("a.hse-listing__link")
            ?? card.QuerySelectorAll("a[href]").FirstOrDefault(a => SlugOf(a.GetAttribute("href")) is not null);
        var href = link?.GetAttribute("href");
        var slug = SlugOf(href)
            ?? throw new PageFormatException("hse: a listing card without a link to its job page");
        var title = TextClean.Normalize(link!.TextContent)
            ?? throw new PageFormatException($"hse: the listing card for {slug} has no title");

        // Every element's text read once for the card; each labelled field then searches the same list.
        var texts = card.QuerySelectorAll("*").Select(e => (Element: e, Text: TextClean.Normalize(e.TextContent) ?? string.Empty)).ToList();
        var posted = Labelled(texts, "Date posted", "Posted", "Posted on", "Date advertised");
        return new ParsedVacancy
        {
            SourceRef = slug,
            // Built from the slug rather than the href's own path, so a stand-in board under a base path still
            // yields the real address; the trailing slash follows the link.
            Url = BoardLinks.Canonical(RealHost, JobSearchPath + slug + (href!.Split('?', '#')[0].TrimEnd().EndsWith('/') ? "/" : string.Empty)),
            Title = title,
            Location = Labelled(texts, "County")?.Value ?? Labelled(texts, "Location")?.Value,
            PostedOn = posted is null ? null : PostedDate(posted.Value.Element, posted.Value.Value),
            IsPerfusion = PerfusionRules.IsPerfusion(title),
            Grade = PerfusionRules.GradeOf(title, null),
            Audience = AudienceOf(Labelled(texts, "Advertisement Type", "Advert Type", "Competition Type")?.Value, slug),
        };
    }

    private ParsedPage ParseJobPage(IDocument document, Dictionary<string, IElement> summary, string content, Uri? servedFrom)
    {
        var slug = SlugOf(servedFrom is { IsAbsoluteUri: true } ? servedFrom.AbsolutePath : servedFrom?.OriginalString) ?? SlugFromPayload(content)
            ?? throw new PageFormatException("hse: a job page whose slug is neither in its address nor in its route payload");
        var title = TextClean.Normalize(document.QuerySelector("main h1, h1")?.TextContent)
            ?? throw new PageFormatException($"hse: the job page {slug} has no title");

        string? Value(params string[] labels) =>
            labels.Select(label => summary.GetValueOrDefault(label)).FirstOrDefault(dd => dd is not null) is { } dd ? TextClean.Normalize(dd.TextContent) : null;

        var location = Value("location");
        var postedRow = summary.GetValueOrDefault("posted") ?? summary.GetValueOrDefault("date posted");
        var closing = Value("closing date", "closing");
        var vacancy = new ParsedVacancy
        {
            SourceRef = slug,
            Url = BoardLinks.Canonical(RealHost, $"{JobSearchPath}{slug}/"),
            Title = title,
            Employer = Value("employer"),
            Location = location,
            Postcode = Postcodes.FindFirst(location),
            Salary = Salary.FromText(Value("salary")),
            PostedOn = postedRow is null ? null : PostedDate(postedRow, TextClean.Normalize(postedRow.TextContent)),
            ClosesOn = BoardDates.FindDayMonthYear(closing) ?? BoardDates.FindDayFirstNumeric(closing),
            ContractType = Value("contract", "contract type"),
            IsPerfusion = PerfusionRules.IsPerfusion(title),
            Grade = PerfusionRules.GradeOf(title, null),
            Audience = AudienceOf(Value("advertisement type", "advert type", "competition type"), slug),
            Advert = new AdvertDetails(Description(document), Value("reference", "competition reference"), Contact.Empty),
        };
        return new ParsedPage(Source, PageKind.Advert, null, null, [vacancy]);
    }

    /// <summary>The job page's facts: each <c>dt</c> key (lower case, colon dropped) with its <c>dd</c>.</summary>
    private static Dictionary<string, IElement> SummaryRows(IDocument document)
    {
        var rows = new Dictionary<string, IElement>(StringComparer.Ordinal);
        foreach (var key in document.QuerySelectorAll("dt"))
        {
            var label = TextClean.Normalize(key.TextContent)?.TrimEnd(':').TrimEnd().ToLowerInvariant();
            if (label is not null && key.NextElementSibling is { LocalName: "dd" } value)
            {
                rows.TryAdd(label, value);
            }
        }

        return rows;
    }

    private static string? Description(IDocument document)
    {
        if (document.QuerySelector(".hse-job-description") is not { } block)
        {
            return null;
        }

        var paragraphs = block.QuerySelectorAll("p, li").Where(e => e.QuerySelector("p, li") is null).Select(e => TextClean.Normalize(e.TextContent)).OfType<string>().ToList();
        return paragraphs.Count > 0 ? string.Join("\n\n", paragraphs) : TextClean.Normalize(block.TextContent);
    }

    /// <summary>The posting date as written: the date part of the <c>time</c> element's stamp, without
    /// converting its offset (a post made at 00:30 Irish summer time stays on its Irish day).</summary>
    private static DateOnly? PostedDate(IElement element, string? text)
    {
        var stamp = element.QuerySelector("time[datetime]")?.GetAttribute("datetime");
        return BoardDates.FromIsoDatePart(stamp) ?? BoardDates.FindDayMonthYear(text) ?? BoardDates.FindDayFirstNumeric(text);
    }

    /// <summary>Every HSE vacancy states who may apply; a post with no or an unknown advertisement type
    /// throws, because guessing "public" could show an internal-only post to job seekers.</summary>
    private static Audience AudienceOf(string? advertisementType, string slug)
    {
        if (advertisementType is not null)
        {
            if (advertisementType.Contains("confined", StringComparison.OrdinalIgnoreCase) || advertisementType.Contains("internal", StringComparison.OrdinalIgnoreCase))
            {
                return Audience.Internal;
            }

            if (advertisementType.Contains("open", StringComparison.OrdinalIgnoreCase) || advertisementType.Contains("public", StringComparison.OrdinalIgnoreCase))
            {
                return Audience.Public;
            }
        }

        throw new PageFormatException($"hse: {slug} has no readable Advertisement Type ({advertisementType ?? "none"})");
    }

    /// <summary>A card's labelled value ("County: Dublin South"): the innermost element whose text starts
    /// with the label and goes on to a value, so a label in its own span and a label in running text both read.</summary>
    private static (IElement Element, string Value)? Labelled(List<(IElement Element, string Text)> texts, params string[] labels)
    {
        foreach (var label in labels)
        {
            var matches = texts
                .Select(t => (t.Element, Value: ValueAfterLabel(t.Text, label)))
                .Where(m => m.Value is not null)
                .ToList();
            var innermost = matches.FirstOrDefault(m => !matches.Any(o => o.Element != m.Element && m.Element.Contains(o.Element)));
            if (innermost.Element is not null)
            {
                return (innermost.Element, innermost.Value!);
            }
        }

        return null;
    }

    /// <summary>"County: Dublin South" -> "Dublin South" for the label "County" (any case); null when the text does
    /// not start with the label, a colon and a value. The text is already normalised: single spaces, trimmed.</summary>
    private static string? ValueAfterLabel(string text, string label)
    {
        if (!text.StartsWith(label, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = text.AsSpan(label.Length).TrimStart();
        if (rest.IsEmpty || rest[0] != ':')
        {
            return null;
        }

        var value = rest[1..].TrimStart();
        return value.IsEmpty ? null : value.ToString();
    }

    /// <summary>"2,341 jobs" -> 2341, from the element that states the count and nothing else.</summary>
    private static int? FindCount(IDocument document)
    {
        var candidates = document.QuerySelectorAll(".hse-job-search__count")
            .Concat(document.QuerySelectorAll("main p, main h2, main span, main div").Where(e => e.ChildElementCount == 0));
        foreach (var element in candidates)
        {
            var match = CountPattern().Match(TextClean.Normalize(element.TextContent) ?? string.Empty);
            if (match.Success)
            {
                return match.Groups["none"].Success
                    ? 0
                    : int.TryParse(match.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
            }
        }

        return null;
    }

    /// <summary>The slug of a job-page path (<c>/jobs/job-search/&lt;slug&gt;/</c>, under whatever base
    /// path a stand-in board serves it), or null for any other address.</summary>
    private static string? SlugOf(string? href)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }

        var path = href.Trim();
        var cut = path.IndexOfAny(['?', '#']);
        var match = JobPathPattern().Match(cut >= 0 ? path[..cut] : path);
        return match.Success ? match.Groups["slug"].Value : null;
    }

    /// <summary>The listing page a page was fetched as (<c>?page=N</c>, no parameter being page 1); null when unknown.</summary>
    private static int? PageNumberOf(Uri? servedFrom)
    {
        if (servedFrom is null || !servedFrom.IsAbsoluteUri || !servedFrom.AbsolutePath.EndsWith(JobSearchPath, StringComparison.Ordinal))
        {
            return null;
        }

        var match = PageQueryPattern().Match(servedFrom.Query.TrimStart('?'));
        if (!match.Success)
        {
            return 1;
        }

        return int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? page : null;
    }

    /// <summary>The route segment <c>["slug","&lt;slug&gt;","d"]</c> of the App Router payload. The payload is
    /// a JS string pushed in chunks (a row can straddle two pushes), so the chunks are decoded and joined first.</summary>
    private static string? SlugFromPayload(string content)
    {
        var payload = new StringBuilder();
        foreach (Match push in PushPattern().Matches(content))
        {
            try
            {
                payload.Append(JsonSerializer.Deserialize<string>(push.Groups["chunk"].Value));
            }
            catch (JsonException)
            {
                // A chunk JSON cannot read (a JS-only escape) cannot hold the segment in the form we look for.
            }
        }

        var segment = SlugSegmentPattern().Match(payload.ToString());
        if (!segment.Success)
        {
            return null;
        }

        string? slug;
        try
        {
            slug = JsonSerializer.Deserialize<string>($"\"{segment.Groups["slug"].Value}\"");
        }
        catch (JsonException)
        {
            return null;
        }

        return string.IsNullOrWhiteSpace(slug) || slug.Contains('/', StringComparison.Ordinal) ? null : slug;
    }

    [GeneratedRegex(@"(?:^|/)jobs/job-search/(?<slug>[^/?#\s]+)/?$", RegexOptions.CultureInvariant)]
    private static partial Regex JobPathPattern();

    [GeneratedRegex(@"^(?:(?<n>\d{1,3}(?:,\d{3})+|\d+)|(?<none>No))\s+(?:jobs?|results?|vacancies)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountPattern();

    [GeneratedRegex(@"(?:^|&)page=(?<n>\d{1,9})(?:&|$)", RegexOptions.CultureInvariant)]
    private static partial Regex PageQueryPattern();

    [GeneratedRegex(@"self\.__next_f\.push\(\s*\[\s*1\s*,\s*(?<chunk>""(?:[^""\\]|\\.)*"")\s*\]\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex PushPattern();

    [GeneratedRegex(@"\[\s*""slug""\s*,\s*""(?<slug>(?:[^""\\]|\\.)*)""\s*,\s*""d""\s*\]", RegexOptions.CultureInvariant)]
    private static partial Regex SlugSegmentPattern();
}
