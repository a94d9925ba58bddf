using AngleSharp.Dom;

namespace Vacancies.Boards.NhsJobs;

/// <summary>One advert, /candidate/jobadvert/&lt;REF&gt;.</summary>
internal static class AdvertPage
{
    // The parts of one job location, in the order the details block writes them; employer_country is not
    // part of the location.
    private static readonly string[] AddressIds =
    [
        "employer_address_line_1", "employer_address_line_2", "employer_address_line_3",
        "employer_town", "employer_county", "employer_postcode",
    ];

    private static readonly string AddressSelector = string.Join(", ", AddressIds.Select(id => $"[id='{id}']"));

    private static readonly string[] ProseIds = ["job_overview", "job_description", "job_description_large"];

    private static readonly string[] SalaryIds = ["range_salary", "fixed_salary", "negotiable_salary"];

    public static bool Recognises(IDocument document) =>
        document.QuerySelector("#heading, #employer_name") is not null;

    public static ParsedPage Parse(IDocument document, Uri? servedFrom)
    {
        var title = Markup.Text(document.QuerySelector("#heading"))
            ?? throw new PageFormatException("nhs-jobs: the advert page has no title (#heading).");
        // The address the page came from names it surely; the page's own links (which could one day include
        // other adverts) only when that address is not known.
        var reference = Markup.AdvertRef(servedFrom?.AbsolutePath) ?? OwnReference(document)
            ?? throw new PageFormatException($"nhs-jobs: the advert \"{title}\" names no /candidate/jobadvert/<REF> of its own.");

        var details = DetailsBlock(document);
        var sites = Sites(details);
        var location = sites.Count == 0 ? null : string.Join("; ", sites.Select(site => site.Text));
        var band = Bands.Find(Value(document, "payscheme-band"));
        var vacancy = new ParsedVacancy
        {
            SourceRef = reference,
            Url = Markup.AdvertUrl(reference),
            Title = title,
            Employer = Value(document, "employer_name"),
            Location = location,
            Postcode = sites.Count == 0 ? null : Postcodes.FindFirst(sites[0].Postcode) ?? Postcodes.FindFirst(location),
            Salary = Salary.FromText(SalaryIds.Select(id => Value(document, id)).FirstOrDefault(text => text is not null)),
            Band = band,
            PostedOn = BoardDates.FindDayMonthYear(Value(document, "date_posted")),
            ClosesOn = BoardDates.FindDayMonthYear(Value(document, "closing_date")),
            ContractType = Value(document, "contract_type"),
            WorkingPattern = WorkingPattern(document),
            IsPerfusion = PerfusionRules.IsPerfusion(title),
            Grade = PerfusionRules.GradeOf(title, band),
            Advert = new AdvertDetails(
                Description(document),
                Value(document, "trac-job-reference"),
                new Contact(
                    Value(document, "contact_details_name"),
                    Value(document, "contact_details_job_title"),
                    Value(document, "contact_details_email"),
                    Value(document, "contact_details_number"))),
        };
        return new ParsedPage(NhsJobsParser.Slug, PageKind.Advert, null, null, [vacancy]);
    }

    // The page does not print its own reference, but its own links (the language switch, apply) carry it.
    private static string? OwnReference(IDocument document) =>
        document.QuerySelectorAll("link[rel=canonical][href], a[href], form[action]")
            .Select(e => Markup.AdvertRef(e.GetAttribute(e.LocalName == "form" ? "action" : "href")))
            .FirstOrDefault(reference => reference is not null);

    // Ids repeat because the details block is rendered for mobile and desktop: the first that says something.
    private static string? Value(IDocument document, string id) =>
        document.QuerySelectorAll($"[id='{id}']").Select(Markup.Text).FirstOrDefault(text => text is not null);

    private static string? WorkingPattern(IDocument document) =>
        document.QuerySelectorAll("[id=working_pattern_heading]")
            .Select(heading => Markup.Text(heading.NextElementSibling))
            .FirstOrDefault(text => text is not null);

    // One of the two renderings of the details block; the employer's own address further down the page
    // (Employer details) sits outside both and is not a job location.
    private static IParentNode DetailsBlock(IDocument document)
    {
        IParentNode? block = document.QuerySelectorAll("div.show-mobile, div.hide-mobile")
            .FirstOrDefault(candidate => candidate.QuerySelector(AddressSelector) is not null);
        return block ?? document;
    }

    // A block lists each site's parts in address order: a part that does not come after the previous one
    // starts the next site.
    private static List<Site> Sites(IParentNode details)
    {
        var sites = new List<Site>();
        var parts = new List<string>();
        string? postcode = null;
        var last = -1;
        foreach (var element in details.QuerySelectorAll(AddressSelector))
        {
            var order = Array.IndexOf(AddressIds, element.Id);
            if (order <= last)
            {
                Close();
            }

            last = order;
            var text = Markup.Text(element);
            if (text is not null)
            {
                parts.Add(text);
                if (element.Id == "employer_postcode")
                {
                    postcode = text;
                }
            }
        }

        Close();
        return sites;

        void Close()
        {
            if (parts.Count > 0)
            {
                sites.Add(new Site(string.Join(", ", parts), postcode));
            }

            parts.Clear();
            postcode = null;
            last = -1;
        }
    }

    private static string? Description(IDocument document)
    {
        var paragraphs = ProseIds
            .SelectMany(id => document.QuerySelectorAll($"[id='{id}']")
                .Select(Paragraphs)
                .FirstOrDefault(found => found.Count > 0) ?? [])
            .ToList();
        return paragraphs.Count == 0 ? null : string.Join("\n\n", paragraphs);
    }

    // The block is a <p id=...> wrapping <p>s, which the HTML5 parser closes at the first nested <p>: its own
    // text is the lead-in, and its paragraphs follow as siblings up to the next heading or block.
    private static List<string> Paragraphs(IElement block)
    {
        var paragraphs = new List<string>();
        AddParagraphs(block, paragraphs);
        if (!block.LocalName.Equals("p", StringComparison.OrdinalIgnoreCase))
        {
            return paragraphs;
        }

        for (var node = block.NextSibling; node is not null; node = node.NextSibling)
        {
            if (node is IElement element && EndsProse(element))
            {
                break;
            }

            AddParagraphs(node, paragraphs);
        }

        return paragraphs;
    }

    private static bool EndsProse(IElement element) =>
        element.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "hr"
        || !string.IsNullOrEmpty(element.Id)
        || element.QuerySelector("h1, h2, h3, h4, h5, h6, [id]") is not null;

    // A paragraph is a p or list item; text between them (or a block holding no p at all) is one paragraph.
    private static void AddParagraphs(INode node, List<string> paragraphs)
    {
        if (node is IElement element && element.LocalName is not ("p" or "li"))
        {
            var inner = element.QuerySelectorAll("p, li").Where(e => e.QuerySelector("p, li") is null).ToList();
            if (inner.Count > 0)
            {
                paragraphs.AddRange(inner.Select(Markup.Text).OfType<string>());
                return;
            }
        }

        if (Markup.Text(node) is { } text)
        {
            paragraphs.Add(text);
        }
    }

    private sealed record Site(string Text, string? Postcode);
}
