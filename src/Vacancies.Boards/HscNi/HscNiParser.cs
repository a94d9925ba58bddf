using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Vacancies.Boards.HscNi;

/// <summary>
/// HSC Northern Ireland (jobs.hscni.net): the search page <c>/Search?SearchCatID=0&amp;keyword=KW&amp;page=N</c>
/// (cards <c>article.job-result</c>) and the job page <c>/Job/&lt;id&gt;/&lt;slug&gt;</c>. The markup is
/// reconstructed from what public scrapers select on (Fixtures/hsc-ni/README.md), so fields are found by
/// their labels, never by position.
/// </summary>
public sealed partial class HscNiParser : IBoardParser
{
    public static readonly Uri RealHost = new("https://jobs.hscni.net");

    public string Source => "hsc-ni";

    /// <summary>A search results page: <c>/Search?SearchCatID=0&amp;keyword=cardiac&amp;page=2</c> (the form the
    /// board's own pagination links use).</summary>
    public static string SearchPath(string keyword, int page)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        return $"/Search?SearchCatID=0&keyword={Uri.EscapeDataString(keyword ?? string.Empty)}&page={page.ToString(CultureInfo.InvariantCulture)}";
    }

    public ParsedPage Parse(string content, Uri? servedFrom = null)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            throw new PageFormatException("hsc-ni: empty page");
        }

        using var document = BoardHtml.Parse(Source, content);
        if (document.QuerySelector(".search-summary, .job-result-overview, article.job-result") is not null)
        {
            return ParseSearch(document);
        }

        if (document.QuerySelector("article.job-detail, .job-detail__title, dl.job-detail__summary") is not null)
        {
            return ParseJob(document);
        }

        throw new PageFormatException("hsc-ni: neither a search results page nor a job page");
    }

    private ParsedPage ParseSearch(IDocument document)
    {
        var total = StatedTotal(document);
        var vacancies = document.QuerySelectorAll("article.job-result").Select(ParseCard).ToList();

        if (vacancies.Count == 0 && total is not 0)
        {
            // A page past the last one keeps the results container, empty, beside the stated total; a
            // missing container, or job links no card holds, means the result markup has changed.
            var container = document.QuerySelector(".job-result-overview");
            if (container is null || container.QuerySelector("a[href*='/Job/']") is not null)
            {
                throw new PageFormatException($"hsc-ni: the page claims {total?.ToString(CultureInfo.InvariantCulture) ?? "results"} but no job-result card could be read");
            }
        }

        var next = document.QuerySelectorAll("a[rel], link[rel]")
            .FirstOrDefault(element => element.GetAttribute("rel")!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("next", StringComparer.OrdinalIgnoreCase))
            ?.GetAttribute("href");
        var nextPage = string.IsNullOrWhiteSpace(next) ? null : Canonical(next, keepQuery: true);
        return new ParsedPage(Source, PageKind.Listing, total, nextPage, vacancies);
    }

    private ParsedVacancy ParseCard(IElement card)
    {
        var link = card.QuerySelector("h2 a[href*='/Job/']") ?? card.QuerySelector("a[href*='/Job/']");
        var href = link?.GetAttribute("href");
        var id = Digits(card.GetAttribute("data-id")) ?? IdOfJobPath(href)
            ?? throw new PageFormatException("hsc-ni: a job-result card without a vacancy id (data-id or /Job/<id>/ link)");
        var title = TextClean.Normalize(link?.TextContent);
        if (href is null || title is null)
        {
            throw new PageFormatException($"hsc-ni: job-result card {id} has no titled /Job/ link");
        }

        var items = Labelled(card.QuerySelectorAll("ul.job-overview li, .job-overview li"));
        var closing = card.QuerySelector(".job-closing");
        var closingText = items.GetValueOrDefault("closing") ?? (closing is null ? null : ValueAfterLabel(closing));
        return Vacancy(id, Canonical(href, keepQuery: false), title, items, postedOn: null, BoardDates.FindDayFirstNumeric(closingText), advert: null);
    }

    private ParsedPage ParseJob(IDocument document)
    {
        var heading = document.QuerySelector(".job-detail__title") ?? document.QuerySelector("h1");
        var title = TextClean.Normalize(heading?.TextContent) ?? throw new PageFormatException("hsc-ni: a job page without a title");

        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var term in document.QuerySelectorAll("dt"))
        {
            if (LabelKey(term.TextContent) is { } key && term.NextElementSibling is { LocalName: "dd" } value)
            {
                fields.TryAdd(key, TextClean.Normalize(value.TextContent));
            }
        }

        var reference = WithoutRefLabel(fields.GetValueOrDefault("reference") ?? TextClean.Normalize(document.QuerySelector(".job-detail__ref")?.TextContent));
        var id = ApplyLinkId(document)
            ?? throw new PageFormatException($"hsc-ni: job page '{title}' has no apply link to read its vacancy id from");

        // The job page does not print its own address; the board's links name it /Job/<id>/<Ref><title-slug>.
        var url = new Uri(RealHost, $"/Job/{id}/{Uri.EscapeDataString(reference ?? string.Empty)}{Slug(title)}").AbsoluteUri;
        var closingText = fields.GetValueOrDefault("closing") ?? TextClean.Normalize(document.QuerySelector(".job-closing")?.TextContent);
        var advert = new AdvertDetails(Description(document.QuerySelector(".job-detail__description")), reference, Contact.Empty);
        var vacancy = Vacancy(id, url, title, fields, BoardDates.FindDayFirstNumeric(fields.GetValueOrDefault("date posted")), BoardDates.FindDayFirstNumeric(closingText), advert);
        return new ParsedPage(Source, PageKind.Advert, null, null, [vacancy]);
    }

    private static ParsedVacancy Vacancy(string id, string url, string title, Dictionary<string, string?> fields, DateOnly? postedOn, DateOnly? closesOn, AdvertDetails? advert)
    {
        var salaryText = fields.GetValueOrDefault("salary");
        var location = fields.GetValueOrDefault("location");
        var band = Bands.Find(salaryText) ?? Bands.Find(title);
        return new ParsedVacancy
        {
            SourceRef = id,
            Url = url,
            Title = title,
            Employer = fields.GetValueOrDefault("employer"),
            Location = location,
            Postcode = Postcodes.FindFirst(location),
            Salary = Salary.FromText(salaryText),
            Band = band,
            PostedOn = postedOn,
            ClosesOn = closesOn,
            ContractType = fields.GetValueOrDefault("contract type"),
            WorkingPattern = null,
            IsPerfusion = PerfusionRules.IsPerfusion(title),
            Grade = PerfusionRules.GradeOf(title, band),
            Advert = advert,
        };
    }

    /// <summary>Each <c>&lt;strong&gt;Label:&lt;/strong&gt; value</c> item by its label (colon dropped, compared ignoring case).</summary>
    private static Dictionary<string, string?> Labelled(IEnumerable<IElement> items)
    {
        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            if (LabelKey(item.QuerySelector("strong")?.TextContent) is { } key)
            {
                fields.TryAdd(key, ValueAfterLabel(item));
            }
        }

        return fields;
    }

    private static string? ValueAfterLabel(IElement item)
    {
        var label = item.QuerySelector("strong");
        return TextClean.Normalize(string.Concat(item.ChildNodes.Where(node => node != label).Select(node => node.TextContent)));
    }

    /// <summary>"<c>23</c> jobs found for cardiac" -> 23 (the sentence is a guess: the first number is taken).</summary>
    private static int? StatedTotal(IDocument document)
    {
        var text = document.QuerySelector(".search-summary")?.TextContent;
        if (text is null)
        {
            return null;
        }

        var match = Number().Match(text);
        if (match.Success)
        {
            return int.TryParse(match.Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
        }

        return NoJobs().IsMatch(text) ? 0 : null;
    }

    /// <summary>The vacancy id of the apply link on jobs-app.hscni.net (its path beyond the host is a guess:
    /// the first all-digit path segment or query value is taken).</summary>
    private static string? ApplyLinkId(IDocument document)
    {
        foreach (var link in document.QuerySelectorAll("a[href]"))
        {
            if (!Uri.TryCreate(RealHost, link.GetAttribute("href"), out var target)
                || !target.Host.Equals("jobs-app.hscni.net", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var segment = target.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Digits).FirstOrDefault(digits => digits is not null)
                ?? target.Query.TrimStart('?').Split('&').Select(pair => Digits(pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..])).FirstOrDefault(digits => digits is not null);
            if (segment is not null)
            {
                return segment;
            }
        }

        return null;
    }

    private static string? IdOfJobPath(string? href)
    {
        var match = href is null ? Match.Empty : JobPath().Match(href);
        return match.Success ? match.Groups["id"].Value : null;
    }

    /// <summary>The title lower-cased, every run of characters other than a-z and 0-9 turned into one hyphen,
    /// ends trimmed: "Clinical Perfusion Scientist (Fixed Term)" -> "clinical-perfusion-scientist-fixed-term".</summary>
    private static string Slug(string title) => NotSlug().Replace(title.ToLowerInvariant(), "-").Trim('-');

    private static string? Description(IElement? block)
    {
        if (block is null)
        {
            return null;
        }

        // Paragraphs and list items that hold no further paragraph or item, so nested markup is read once.
        var paragraphs = block.QuerySelectorAll("p, li")
            .Where(element => element.QuerySelector("p, li") is null)
            .Select(element => TextClean.Normalize(element.TextContent))
            .OfType<string>()
            .ToList();
        return paragraphs.Count > 0 ? string.Join("\n\n", paragraphs) : TextClean.Normalize(block.TextContent);
    }

    private static string Canonical(string href, bool keepQuery)
    {
        try
        {
            return BoardLinks.Canonical(RealHost, href, keepQuery);
        }
        catch (UriFormatException)
        {
            throw new PageFormatException($"hsc-ni: unreadable link '{href}'");
        }
    }

    private static string? WithoutRefLabel(string? reference) =>
        reference is not null && reference.StartsWith("Ref:", StringComparison.OrdinalIgnoreCase) ? TextClean.Normalize(reference[4..]) : reference;

    private static string? LabelKey(string? label) => TextClean.Normalize(label?.Replace(":", " ", StringComparison.Ordinal));

    private static string? Digits(string? value)
    {
        var trimmed = value?.Trim();
        return !string.IsNullOrEmpty(trimmed) && trimmed.All(char.IsAsciiDigit) ? trimmed : null;
    }

    [GeneratedRegex(@"/Job/(?<id>\d+)(?:/|$|\?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex JobPath();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();

    [GeneratedRegex(@"\d[\d,]*")]
    private static partial Regex Number();

    [GeneratedRegex(@"\bno\s+(?:jobs|results|vacancies)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NoJobs();
}
