using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Vacancies.Boards.NhsJobs;

/// <summary>The XML search, /api/v1/search_xml: &lt;nhsJobs&gt; with vacancyDetails, totalPages and totalResults.</summary>
internal static class XmlSearchPage
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
    };

    public static ParsedPage Parse(string content, Uri? servedFrom)
    {
        var root = Load(content).Root;
        if (root is null || root.Name.LocalName != "nhsJobs")
        {
            throw new PageFormatException($"nhs-jobs: the XML root is <{root?.Name.LocalName}>, not <nhsJobs>.");
        }

        var total = Count(root, "totalResults");
        var vacancies = Children(root, "vacancyDetails").Select(Vacancy).ToList();

        // As on the HTML page: results claimed and none read is a changed format, except on a page past
        // the last one, which the document's own totalPages lets us recognise.
        if (total > 0 && vacancies.Count == 0 && !(Markup.PageNumber(servedFrom) > Count(root, "totalPages")))
        {
            throw new PageFormatException($"nhs-jobs: the XML search claims {total} results but holds no <vacancyDetails>.");
        }

        return new ParsedPage(NhsJobsParser.Slug, PageKind.Xml, total, null, vacancies);
    }

    private static XDocument Load(string content)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(content), Settings);
            return XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new PageFormatException($"nhs-jobs: the XML search is not well-formed: {e.Message}");
        }
    }

    private static ParsedVacancy Vacancy(XElement details)
    {
        var reference = Value(details, "reference")
            ?? throw new PageFormatException("nhs-jobs: a <vacancyDetails> has no <reference>.");
        var title = Value(details, "title")
            ?? throw new PageFormatException($"nhs-jobs: vacancy {reference} has no <title>.");
        var locations = Children(details, "locations")
            .SelectMany(list => Children(list, "location"))
            .Select(location => TextClean.Normalize(location.Value))
            .OfType<string>()
            .ToList();
        var location = locations.Count == 0 ? null : string.Join("; ", locations);
        var band = Bands.Find(title);
        return new ParsedVacancy
        {
            SourceRef = reference,
            // The url names beta.jobs.nhs.uk, where the page is the same as on www.
            Url = Markup.AdvertUrl(Markup.AdvertRef(Value(details, "url")) ?? reference),
            Title = title,
            Employer = Value(details, "employer"),
            Location = location,
            Postcode = Postcodes.FindFirst(location),
            Salary = Salary.FromText(Value(details, "salary")),
            Band = band,
            PostedOn = Date(details, reference, "postDate"),
            ClosesOn = Date(details, reference, "closeDate"),
            ContractType = Value(details, "type"),
            IsPerfusion = PerfusionRules.IsPerfusion(title),
            Grade = PerfusionRules.GradeOf(title, band),
        };
    }

    private static DateOnly? Date(XElement details, string reference, string name)
    {
        var text = Value(details, name);
        if (text is null)
        {
            return null;
        }

        return BoardDates.FromIsoDatePart(text)
            ?? throw new PageFormatException($"nhs-jobs: vacancy {reference} has a <{name}> that is not a date: \"{text}\".");
    }

    private static int? Count(XElement root, string name)
    {
        var text = Value(root, name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new PageFormatException($"nhs-jobs: <{name}> is not a count: \"{text}\".");
    }

    private static IEnumerable<XElement> Children(XElement parent, string name) =>
        parent.Elements().Where(e => e.Name.LocalName == name);

    private static string? Value(XElement parent, string name) =>
        TextClean.Normalize(Children(parent, name).FirstOrDefault()?.Value);
}
