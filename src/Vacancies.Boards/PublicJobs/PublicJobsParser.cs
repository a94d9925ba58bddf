using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Vacancies.Boards.PublicJobs;

/// <summary>
/// publicjobs.ie, served by Oleeo at publicjobs.tal.net: the job board (<c>/candidate/jobboard/vacancy/3/adv/</c>)
/// and the vacancy pages (<c>/candidate/so/pm/1/pl/3/opp/&lt;id&gt;-&lt;Slug&gt;/en-GB</c>), as captured
/// 2026-09-27 (Fixtures/publicjobs/README.md). Fields are read by their labels; a changed layout throws.
/// </summary>
public sealed partial class PublicJobsParser : IBoardParser
{
    public static Uri RealHost { get; } = new("https://publicjobs.tal.net");

    private const string BoardPathOnly = "/candidate/jobboard/vacancy/3/adv/";

    /// <summary>Tiles per board page, as the board serves them.</summary>
    public const int PageSize = 50;

    private static readonly Uri BoardBase = new(RealHost, BoardPathOnly);

    public string Source => "publicjobs";

    /// <summary>The board page starting at tile <paramref name="start"/> (0, 50, 100, ...); no keyword, so every vacancy.</summary>
    public static string BoardPath(int start)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        return string.Create(CultureInfo.InvariantCulture, $"{BoardPathOnly}?start={start}");
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
            throw new PageFormatException($"publicjobs: unreadable page ({e.GetType().Name}: {e.Message})");
        }
    }

    private ParsedPage ParseDocument(IDocument document, string content, Uri? servedFrom)
    {
        var pairs = Pairs(document);
        if (pairs.ContainsKey("vacancy id") || document.QuerySelector("#vac_desc h1") is not null)
        {
            return ParseVacancyPage(document, pairs, content);
        }

        var list = document.QuerySelector("#tile-results-list");
        var tiles = list is not null
            ? list.Children.Where(e => e.LocalName == "li").ToList()
            : document.QuerySelectorAll("li.opp-container, li[data-oppid]").ToList();
        var meta = document.QuerySelector(".results_meta");
        if (list is not null || meta is not null || tiles.Count > 0)
        {
            return ParseBoard(document, meta, tiles, servedFrom);
        }

        throw new PageFormatException("publicjobs: neither a job board page nor a vacancy page");
    }

    private ParsedPage ParseBoard(IDocument document, IElement? meta, List<IElement> tiles, Uri? servedFrom)
    {
        var total = Total(meta);
        var vacancies = tiles.Select(ReadTile).ToList();
        var next = document.QuerySelector(".paging .next_links a[href], .paging a[rel~=next], a[rel~=next]")
            ?? document.QuerySelectorAll(".paging a[href]")
                .FirstOrDefault(a => TextClean.Normalize(a.TextContent) is { } text && text.StartsWith("Next", StringComparison.OrdinalIgnoreCase));

        if (vacancies.Count == 0)
        {
            // A page past the last one is valid and empty; one that still links onward, links to vacancies,
            // or was asked for a start inside the stated total has lost its tiles to a layout change.
            var oppLinks = document.QuerySelectorAll("a[href]").Any(a => OppPattern().IsMatch(a.GetAttribute("href") ?? string.Empty));
            var withinTotal = total > 0 && StartOf(servedFrom) is { } start && start < total;
            if (next is not null || oppLinks || withinTotal)
            {
                throw new PageFormatException($"publicjobs: the board states {total?.ToString(CultureInfo.InvariantCulture) ?? "no"} results but no tile could be read");
            }
        }

        var nextPage = vacancies.Count > 0 && next?.GetAttribute("href") is { Length: > 0 } href ? OnRealHost(href, keepQuery: true) : null;
        return new ParsedPage(Source, PageKind.Listing, total, nextPage, vacancies);
    }

    private static ParsedVacancy ReadTile(IElement tile)
    {
        var link = tile.QuerySelector("a.subject[href]")
            ?? tile.QuerySelectorAll("a[href]").FirstOrDefault(a => OppPattern().IsMatch(a.GetAttribute("href")!));
        var href = link?.GetAttribute("href")
            ?? throw new PageFormatException("publicjobs: a board tile without a link to its vacancy");
        var oppId = TextClean.Normalize(tile.GetAttribute("data-oppid") ?? tile.QuerySelector("[data-oppid]")?.GetAttribute("data-oppid"))
            ?? OppPattern().Match(href) switch { { Success: true } m => m.Groups["id"].Value, _ => null }
            ?? throw new PageFormatException($"publicjobs: the tile linking to {href} has no opp id");
        var title = TextClean.Normalize(link!.TextContent)
            ?? TextClean.Normalize(tile.QuerySelector("[data-title]")?.GetAttribute("data-title"))
            ?? throw new PageFormatException($"publicjobs: tile {oppId} has no title");

        var fields = TileFields(tile);
        string? Field(params string[] labels) => labels.Select(fields.GetValueOrDefault).FirstOrDefault(v => v is not null);
        var location = Field("location");
        var posted = Field("advertising date", "advertised date", "date advertised");
        var closing = Field("closing date", "closing date for application");
        return new ParsedVacancy
        {
            SourceRef = oppId,
            Url = OnRealHost(href, keepQuery: false),
            Title = title,
            Employer = Field("department/organisation", "department/authority", "organisation", "department"),
            Location = location,
            Postcode = Postcodes.FindFirst(location),
            PostedOn = ReadDate(posted),
            ClosesOn = ReadDate(closing),
            IsPerfusion = PerfusionRules.IsPerfusion(title),
            Grade = PerfusionRules.GradeOf(title, null),
        };
    }

    private ParsedPage ParseVacancyPage(IDocument document, Dictionary<string, string?> pairs, string content)
    {
        var title = TextClean.Normalize((document.QuerySelector("#vac_desc h1") ?? document.QuerySelector("h1"))?.TextContent)
            ?? throw new PageFormatException("publicjobs: a vacancy page without a title");
        string? Pair(params string[] labels) => labels.Select(pairs.GetValueOrDefault).FirstOrDefault(v => v is not null);

        var ownAddress = BareUrlPattern().Match(content) is { Success: true } bare ? bare.Groups["url"].Value.Replace("\\/", "/", StringComparison.Ordinal) : null;
        ownAddress = ownAddress is not null && OppPattern().IsMatch(ownAddress)
            ? ownAddress
            : document.QuerySelector("link[rel=canonical][href]")?.GetAttribute("href") is { } canonical && OppPattern().IsMatch(canonical) ? canonical : null;

        var vacancyId = Pair("vacancy id") is { } id && DigitsPattern().IsMatch(id) ? id : null;
        var oppId = vacancyId
            ?? (ownAddress is not null ? OppPattern().Match(ownAddress).Groups["id"].Value : null)
            ?? throw new PageFormatException("publicjobs: a vacancy page stating neither its Vacancy ID nor its address");
        var url = ownAddress is not null ? OnRealHost(ownAddress, keepQuery: false) : BoardLinks.Canonical(RealHost, $"/candidate/so/pm/1/pl/3/opp/{oppId}-{Slug(title)}/en-GB");

        var location = Pair("location");
        var vacancy = new ParsedVacancy
        {
            SourceRef = oppId,
            Url = url,
            Title = title,
            Employer = Pair("department/authority", "department/organisation", "organisation", "department"),
            Location = location,
            Postcode = Postcodes.FindFirst(location),
            // The captured pages state no salary; a pair that ever does is read like any other.
            Salary = Salary.FromText(Pair("salary", "salary scale")),
            PostedOn = ReadDate(Pair("advertising date", "advertised date", "date advertised")),
            ClosesOn = ReadDate(Pair("closing date for application", "closing date")),
            ContractType = Pair("contract", "contract type"),
            WorkingPattern = Pair("working pattern"),
            IsPerfusion = PerfusionRules.IsPerfusion(title),
            Grade = PerfusionRules.GradeOf(title, null),
            Advert = new AdvertDetails(Description(document), null, Contact.Empty),
        };
        return new ParsedPage(Source, PageKind.Advert, null, null, [vacancy]);
    }

    /// <summary>"277 results match" -> 277; "No results match" -> 0. Only the results heading counts: the
    /// filter sidebar's "(15 Results)" are per-facet counts.</summary>
    private static int? Total(IElement? meta)
    {
        var heading = meta?.QuerySelector("h2") ?? meta;
        var match = TotalPattern().Match(TextClean.Normalize(heading?.TextContent) ?? string.Empty);
        if (!match.Success)
        {
            return null;
        }

        return match.Groups["none"].Success
            ? 0
            : int.TryParse(match.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>A tile's fields by label: <c>&lt;div&gt;&lt;span class="candidate-opp-field-label"&gt;Location:&lt;/span&gt; Dublin&lt;/div&gt;</c>,
    /// keyed by the label lower-cased without its colon. A field the tile does not carry is simply absent.</summary>
    private static Dictionary<string, string?> TileFields(IElement tile)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var label in tile.QuerySelectorAll(".candidate-opp-field-label"))
        {
            var labelText = TextClean.Normalize(label.TextContent);
            var whole = TextClean.Normalize(label.ParentElement?.TextContent);
            if (labelText is null || whole is null)
            {
                continue;
            }

            var value = whole.StartsWith(labelText, StringComparison.Ordinal) ? whole[labelText.Length..] : whole.Replace(labelText, string.Empty, StringComparison.Ordinal);
            fields.TryAdd(labelText.TrimEnd(':').TrimEnd().ToLowerInvariant(), TextClean.Normalize(value));
        }

        return fields;
    }

    /// <summary>The vacancy page's facts, <c>&lt;h4&gt;Label&lt;/h4&gt;&lt;p&gt;value&amp;#160;&lt;/p&gt;</c>: each label
    /// (lower case) with the text of everything after it up to the next heading, so a value split over
    /// several <c>p</c>s (<c>&lt;p&gt;Dublin&lt;/p&gt;&lt;p&gt;&amp;#160;&lt;/p&gt;</c>) reads whole; an empty value is null.</summary>
    private static Dictionary<string, string?> Pairs(IDocument document)
    {
        var pairs = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var heading in document.QuerySelectorAll("h4"))
        {
            var label = TextClean.Normalize(heading.TextContent)?.TrimEnd(':').TrimEnd().ToLowerInvariant();
            if (label is null)
            {
                continue;
            }

            var value = new StringBuilder();
            for (var node = heading.NextSibling; node is not null && !IsHeading(node); node = node.NextSibling)
            {
                value.Append(' ').Append(node.TextContent);
            }

            pairs.TryAdd(label, TextClean.Normalize(value.ToString()));
        }

        return pairs;
    }

    /// <summary>The paragraphs under the <c>h3</c> blocks "Job summary" then "Main Duties of the Job". Each block's
    /// <c>&lt;p&gt;</c> wraps nested <c>&lt;p&gt;</c>s, which the HTML5 parser turns into siblings after an emptied
    /// <c>p</c>, so every block-level sibling up to the next heading is a paragraph; blank ones are dropped.</summary>
    private static string? Description(IDocument document)
    {
        var paragraphs = new List<string>();
        foreach (var block in new[] { "job summary", "main duties of the job" })
        {
            var heading = document.QuerySelectorAll("h3").FirstOrDefault(h => string.Equals(TextClean.Normalize(h.TextContent)?.TrimEnd(':'), block, StringComparison.OrdinalIgnoreCase));
            if (heading is not null)
            {
                paragraphs.AddRange(Paragraphs(heading));
            }
        }

        return paragraphs.Count > 0 ? string.Join("\n\n", paragraphs) : null;
    }

    private static List<string> Paragraphs(IElement heading)
    {
        var paragraphs = new List<string>();
        var inline = new StringBuilder();

        void Flush()
        {
            if (TextClean.Normalize(inline.ToString()) is { } text)
            {
                paragraphs.Add(text);
            }

            inline.Clear();
        }

        for (var node = heading.NextSibling; node is not null && !IsHeading(node); node = node.NextSibling)
        {
            if (node is IElement { LocalName: "p" or "div" or "ul" or "ol" or "table" or "blockquote" } block)
            {
                Flush();
                var items = block.QuerySelectorAll("p, li").Where(e => e.QuerySelector("p, li") is null).ToList();
                foreach (var text in items.Count > 0 ? items.Select(e => TextClean.Normalize(e.TextContent)) : [TextClean.Normalize(block.TextContent)])
                {
                    if (text is not null)
                    {
                        paragraphs.Add(text);
                    }
                }
            }
            else
            {
                // Text and inline elements between blocks (the stray "&#160;" after a nested block) form a
                // paragraph of their own, dropped when blank.
                inline.Append(node.TextContent);
            }
        }

        Flush();
        return paragraphs;
    }

    private static bool IsHeading(INode node) => node is IElement { LocalName: "h1" or "h2" or "h3" or "h4" or "h5" or "h6" };

    /// <summary>"25 Sept 2026" on the board, "13/10/2026, 15:00" on the vacancy page: the date, time dropped.</summary>
    private static DateOnly? ReadDate(string? text) => BoardDates.FindDayMonthYear(text) ?? BoardDates.FindDayFirstNumeric(text);

    /// <summary>A link found on a page (relative to the board, or absolute with a per-session
    /// <c>/vx/.../xf-&lt;hex&gt;</c> prefix) as its canonical address: the real host and the path from
    /// <c>/candidate/</c> on.</summary>
    private static string OnRealHost(string href, bool keepQuery)
    {
        var absolute = new Uri(BoardBase, href.Trim());
        var path = absolute.AbsolutePath;
        var candidate = path.IndexOf("/candidate/", StringComparison.Ordinal);
        if (candidate > 0)
        {
            path = path[candidate..];
        }

        return BoardLinks.Canonical(RealHost, keepQuery ? path + absolute.Query : path, keepQuery);
    }

    /// <summary>The board's slug of a title: every run of characters other than letters and digits becomes
    /// "-", ends trimmed, case kept, letters outside ASCII percent-encoded (<c>Síochána</c> -> <c>S%C3%ADoch%C3%A1na</c>).</summary>
    private static string Slug(string title)
    {
        var slug = new StringBuilder();
        foreach (var c in title)
        {
            if (char.IsLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return Uri.EscapeDataString(slug.ToString().TrimEnd('-'));
    }

    /// <summary>The first tile a board page was fetched for (<c>?start=N</c>, none being 0); null when unknown.</summary>
    private static int? StartOf(Uri? servedFrom)
    {
        if (servedFrom is null || !servedFrom.IsAbsoluteUri || !servedFrom.AbsolutePath.EndsWith(BoardPathOnly, StringComparison.Ordinal))
        {
            return null;
        }

        var match = StartQueryPattern().Match(servedFrom.Query.TrimStart('?'));
        if (!match.Success)
        {
            return 0;
        }

        return int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : null;
    }

    [GeneratedRegex(@"/candidate/so/pm/\d+/pl/\d+/opp/(?<id>\d+)-", RegexOptions.CultureInvariant)]
    private static partial Regex OppPattern();

    [GeneratedRegex(@"^\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex DigitsPattern();

    [GeneratedRegex(@"^(?:(?<n>\d{1,3}(?:,\d{3})+|\d+)|(?<none>No))\s+results?\s+match", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TotalPattern();

    [GeneratedRegex(@"WCN\.global_config\.bare_url\s*=\s*(?<q>['""])(?<url>[^'""]+)\k<q>", RegexOptions.CultureInvariant)]
    private static partial Regex BareUrlPattern();

    [GeneratedRegex(@"(?:^|&)start=(?<n>\d{1,9})(?:&|$)", RegexOptions.CultureInvariant)]
    private static partial Regex StartQueryPattern();
}
