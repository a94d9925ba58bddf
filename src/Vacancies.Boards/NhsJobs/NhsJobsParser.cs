
namespace Vacancies.Boards.NhsJobs;

/// <summary>NHS Jobs (England and Wales): the HTML results page, the XML search and the advert page,
/// told apart by their content.</summary>
public sealed class NhsJobsParser : IBoardParser
{
    public const string Slug = "nhs-jobs";

    /// <summary>The host every url and nextPage names, whatever base URL the page was fetched from.</summary>
    public static Uri RealHost { get; } = new("https://www.jobs.nhs.uk");

    public string Source => Slug;

    public ParsedPage Parse(string content, Uri? servedFrom = null)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            throw new PageFormatException("nhs-jobs: the page is empty.");
        }

        if (LooksLikeXml(content))
        {
            return XmlSearchPage.Parse(content, servedFrom);
        }

        var document = BoardHtml.Parse(Source, content);
        if (HtmlSearchPage.Recognises(document))
        {
            return HtmlSearchPage.Parse(document, servedFrom);
        }

        if (AdvertPage.Recognises(document))
        {
            return AdvertPage.Parse(document, servedFrom);
        }

        throw new PageFormatException(
            "nhs-jobs: neither a results page (h1[data-test=search-result-query], li[data-test=search-result]), " +
            "an advert page (#heading, #employer_name) nor the XML search (<nhsJobs>).");
    }

    // The XML search is the only document of this board that is not HTML; an HTML page never opens with an
    // XML declaration or the <nhsJobs> root, so the start of the text is enough to route it.
    private static bool LooksLikeXml(string content)
    {
        var start = content.AsSpan().TrimStart().TrimStart('\uFEFF').TrimStart();
        return start.StartsWith("<nhsJobs", StringComparison.Ordinal)
            || (start.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && content.Contains("<nhsJobs", StringComparison.Ordinal));
    }
}
