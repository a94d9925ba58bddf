using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Vacancies.Boards.NhsJobs;

/// <summary>The HTML results page, /candidate/search/results.</summary>
internal static partial class HtmlSearchPage
{
    // README: the search serves 10 results a page.
    private const int PageSize = 10;

    public static bool Recognises(IDocument document) =>
        document.QuerySelector("h1[data-test=search-result-query], li[data-test=search-result]") is not null;

    public static ParsedPage Parse(IDocument document, Uri? servedFrom)
    {
        var total = TotalResults(document.QuerySelector("h1[data-test=search-result-query]"));
        var vacancies = document.QuerySelectorAll("li[data-test=search-result]").Select(Card).ToList();

        // Results claimed but none read is a changed layout, unless the page asked for lies past the last
        // one (results closed between two requests): that page states its total and lists nothing.
        if (total > 0 && vacancies.Count == 0 && !IsPastLastPage(total.Value, servedFrom))
        {
            throw new PageFormatException($"nhs-jobs: the results page claims {total} results but none could be read (li[data-test=search-result]).");
        }

        return new ParsedPage(NhsJobsParser.Slug, PageKind.Search, total, NextPage(document), vacancies);
    }

    private static bool IsPastLastPage(int total, Uri? servedFrom) =>
        Markup.PageNumber(servedFrom) > (total + PageSize - 1) / PageSize;

    private static int? TotalResults(IElement? heading)
    {
        if (heading is null)
        {
            return null;
        }

        var text = Markup.Text(heading) ?? string.Empty;
        if (NoResults().IsMatch(text))
        {
            return 0;
        }

        var match = JobsFound().Match(text);
        if (!match.Success || !int.TryParse(match.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var total))
        {
            throw new PageFormatException($"nhs-jobs: the results heading states no count: \"{text}\".");
        }

        return total;
    }

    private static string? NextPage(IDocument document)
    {
        var href = document.QuerySelector("a[data-test=search-next-page]")?.GetAttribute("href");
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }

        try
        {
            return BoardLinks.Canonical(NhsJobsParser.RealHost, href, keepQuery: true);
        }
        catch (UriFormatException)
        {
            throw new PageFormatException($"nhs-jobs: the next-page link is not a URL: \"{href}\".");
        }
    }

    private static ParsedVacancy Card(IElement item)
    {
        var link = item.QuerySelector("a[data-test=search-result-job-title]")
            ?? throw new PageFormatException("nhs-jobs: a result has no title link (a[data-test=search-result-job-title]).");
        var href = link.GetAttribute("href");
        var reference = Markup.AdvertRef(href)
            ?? throw new PageFormatException($"nhs-jobs: a result's title link is not an advert link: \"{href}\".");
        var title = Markup.Text(link)
            ?? throw new PageFormatException($"nhs-jobs: result {reference} has an empty title.");

        var place = item.QuerySelector("[data-test=search-result-location] h3");
        var location = Markup.Text(place?.QuerySelector(".location-font-size"));
        var band = Bands.Find(title);
        return new ParsedVacancy
        {
            SourceRef = reference,
            Url = Markup.AdvertUrl(reference),
            Title = title,
            Employer = Markup.TextWithout(place, e => e.ClassList.Contains("location-font-size")),
            Location = location,
            Postcode = Postcodes.FindFirst(location),
            Salary = Salary.FromText(Field(item, "salary")),
            Band = band,
            PostedOn = BoardDates.FindDayMonthYear(Field(item, "publicationDate")),
            ClosesOn = BoardDates.FindDayMonthYear(Field(item, "closingDate")),
            ContractType = Field(item, "jobType"),
            WorkingPattern = Field(item, "workingPattern"),
            IsPerfusion = PerfusionRules.IsPerfusion(title),
            Grade = PerfusionRules.GradeOf(title, band),
        };
    }

    // The value is the strong; the li's own text is its label ("Salary:").
    private static string? Field(IElement item, string name) =>
        Markup.Text(item.QuerySelector($"li[data-test=search-result-{name}] strong"));

    [GeneratedRegex(@"^No results?\s+found", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NoResults();

    [GeneratedRegex(@"^(?<n>\d{1,3}(?:,\d{3})+|\d+)\s+jobs?\s+found", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex JobsFound();
}
