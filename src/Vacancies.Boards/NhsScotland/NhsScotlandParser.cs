using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Vacancies.Boards.NhsScotland;

/// <summary>
/// NHS Scotland (Jobtrain, apply.jobs.scot.nhs.uk): the search page <c>/Home/Job</c>, the card partial
/// <c>/Home/_JobCard?what=KW&amp;Skip=N</c> (12 cards a call) and the detail page <c>/Job/JobDetail?JobId=N</c>.
/// The markup is reconstructed from what public scrapers select on (Fixtures/nhs-scotland/README.md), so
/// fields are found by their labels and test ids, never by position.
/// </summary>
public sealed partial class NhsScotlandParser : IBoardParser
{
    public static readonly Uri RealHost = new("https://apply.jobs.scot.nhs.uk");

    public string Source => "nhs-scotland";

    /// <summary>The card partial for a keyword from a given offset: <c>/Home/_JobCard?what=perfusion&amp;Skip=12</c>.</summary>
    public static string CardListPath(string keyword, int skip)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        return $"/Home/_JobCard?what={Uri.EscapeDataString(keyword ?? string.Empty)}&Skip={skip.ToString(CultureInfo.InvariantCulture)}";
    }

    public ParsedPage Parse(string content, Uri? servedFrom = null)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            throw new PageFormatException("nhs-scotland: empty page");
        }

        using var document = BoardHtml.Parse(Source, content);
        if (StatesListTotal(document))
        {
            return ParseList(document);
        }

        // Checked before bare cards, so a detail page showing related-job cards is still read as the advert.
        if (IsDetail(document))
        {
            return ParseDetail(document);
        }

        if (Cards(document).Count > 0)
        {
            return ParseList(document);
        }

        throw new PageFormatException("nhs-scotland: neither a job list (search page or _JobCard partial) nor a job detail page");
    }

    private static bool StatesListTotal(IDocument document) =>
        document.GetElementById("totalMatchRecords") is not null || document.GetElementById("searchNoOfResults") is not null;

    private static bool IsDetail(IDocument document) =>
        document.QuerySelector("[data-testid=h1-job-title], [data-testid=div-vacancies-description], [data-testid=span-reference]") is not null;

    private ParsedPage ParseList(IDocument document)
    {
        var isSearchPage = document.GetElementById("searchNoOfResults") is not null;
        var total = InputNumber(document, "totalMatchRecords") ?? StatedTotal(document)
            ?? throw new PageFormatException("nhs-scotland: a job list that states no total (#totalMatchRecords / #searchNoOfResults)");

        var cards = Cards(document);
        var vacancies = cards.Select(ParseCard).ToList();

        // The search page embeds the first partial; should it lose its hidden counts, the cards it shows are
        // the ones loaded so far.
        var loaded = InputNumber(document, "totalCurrentRecords") ?? (isSearchPage ? vacancies.Count : (int?)null)
            ?? throw new PageFormatException("nhs-scotland: a _JobCard partial without #totalCurrentRecords");

        if (vacancies.Count == 0 && total > 0 && (isSearchPage || loaded < total || HasJobLinks(document)))
        {
            // A partial past the end has already delivered everything (loaded >= total) and rightly lists
            // nothing; any other list that claims jobs and shows no card means the card markup has changed.
            throw new PageFormatException($"nhs-scotland: the page claims {total} jobs but no job card could be read");
        }

        var nextPage = loaded < total
            ? new Uri(RealHost, $"/Home/_JobCard?Skip={loaded.ToString(CultureInfo.InvariantCulture)}").AbsoluteUri
            : null;
        return new ParsedPage(Source, PageKind.Listing, total, nextPage, vacancies);
    }

    private static List<IElement> Cards(IDocument document) =>
        document.QuerySelectorAll(".job-card").Where(card => card.HasAttribute("data-jobid") || CardLink(card) is not null).ToList();

    private static bool HasJobLinks(IDocument document) => document.QuerySelector("a[href*='JobDetail'], [data-jobid]") is not null;

    private static IElement? CardLink(IElement card) =>
        card.QuerySelector("a.job-card__link") ?? card.QuerySelector("a[href*='JobDetail']");

    private ParsedVacancy ParseCard(IElement card)
    {
        var link = CardLink(card);
        var jobId = Digits(card.GetAttribute("data-jobid")) ?? JobIdOf(link?.GetAttribute("href"))
            ?? throw new PageFormatException("nhs-scotland: a job card without a JobId (data-jobId or JobDetail link)");

        var items = LabelledItems(card);
        var reference = items.Get("job reference", "jobreference");
        var title = DropReferencePrefix(LinkTitle(link), reference)
            ?? throw new PageFormatException($"nhs-scotland: job card {jobId} has no title link");

        var salaryText = items.Get("salary", "salary");
        var band = Bands.Find(salaryText);
        return new ParsedVacancy
        {
            SourceRef = jobId,
            Url = DetailUrl(jobId),
            Title = title,
            Employer = items.Get("employer (nhs board)", "school"),
            Location = items.Get("location", "location"),
            Postcode = null,
            Salary = Salary.FromText(salaryText),
            Band = band,
            PostedOn = BoardDates.FindDayFirstNumeric(items.Get("live date", "livedate")),
            ClosesOn = BoardDates.FindDayFirstNumeric(items.Get("closing date", "closingdate")),
            ContractType = items.Get("employment type", "employmenttype"),
            WorkingPattern = null,
            IsPerfusion = PerfusionRules.IsPerfusion(title),
            Grade = PerfusionRules.GradeOf(title, band),
        };
    }

    private static string? LinkTitle(IElement? link)
    {
        if (link is null)
        {
            return null;
        }

        // Badges sit before the link today; should one move inside it, it is still not part of the title.
        var text = string.Concat(link.ChildNodes.Where(node => !(node is IElement e && e.ClassList.Contains("badge"))).Select(node => node.TextContent));
        if (TextClean.Normalize(text) is { } shown)
        {
            return shown;
        }

        var hint = TextClean.Normalize(link.GetAttribute("title"));
        const string lead = "Click here to view Job detail for ";
        return hint is not null && hint.StartsWith(lead, StringComparison.OrdinalIgnoreCase) ? TextClean.Normalize(hint[lead.Length..]) : null;
    }

    /// <summary>The card's <c>p.jobdetailsitem</c> values by their label, with the item's class as a second key
    /// for an item whose label is missing or reworded.</summary>
    private static CardItems LabelledItems(IElement card)
    {
        var byLabel = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var byClass = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in card.QuerySelectorAll(".jobdetailsitem"))
        {
            var label = item.QuerySelector("strong");
            var value = TextClean.Normalize(string.Concat(item.ChildNodes
                .Where(node => node != label && !(node is IElement e && e.ClassList.Contains("material-icons")))
                .Select(node => node.TextContent)));
            if (label is not null && LabelKey(label.TextContent) is { } key)
            {
                byLabel.TryAdd(key, value);
            }

            foreach (var name in item.ClassList)
            {
                byClass.TryAdd(name, value);
            }
        }

        return new CardItems(byLabel, byClass);
    }

    private sealed record CardItems(Dictionary<string, string?> ByLabel, Dictionary<string, string?> ByClass)
    {
        public string? Get(string label, string className) =>
            ByLabel.TryGetValue(label, out var value) ? value : ByClass.GetValueOrDefault(className);
    }

    private ParsedPage ParseDetail(IDocument document)
    {
        // The page never prints its own address; its apply link (and any other own link) carries the JobId.
        var jobId = JobIdOf(document.QuerySelector("a[href*='/Job/Apply']")?.GetAttribute("href"))
            ?? document.QuerySelectorAll("a[href]").Select(a => JobIdOf(a.GetAttribute("href"))).FirstOrDefault(id => id is not null)
            ?? throw new PageFormatException("nhs-scotland: a job detail page without a JobId in its links");

        var reference = DetailField(document, ["span-reference"], "job reference");
        var heading = document.QuerySelector("[data-testid=h1-job-title]") ?? document.QuerySelector("h1");
        var title = DropReferencePrefix(TextClean.Normalize(heading?.TextContent), reference)
            ?? throw new PageFormatException($"nhs-scotland: job detail {jobId} has no title");

        var salaryText = DetailField(document, ["span-salary"], "salary");
        var band = Bands.Find(salaryText);
        var vacancy = new ParsedVacancy
        {
            SourceRef = jobId,
            Url = DetailUrl(jobId),
            Title = title,
            Employer = DetailField(document, ["span-vacancies-school"], "employer (nhs board)"),
            // Jobtrain spells this test id both ways on live pages.
            Location = DetailField(document, ["span-vacancies-location-name", "span-vacancies-loaction-name"], "location"),
            Postcode = JsonLdPostcode(document),
            Salary = Salary.FromText(salaryText),
            Band = band,
            PostedOn = DetailDate(document, "div-vacancies-live-date"),
            ClosesOn = DetailDate(document, "div-vacancies-close-date"),
            ContractType = DetailField(document, ["span-vacancies-employment-type"], "employment type"),
            WorkingPattern = null,
            IsPerfusion = PerfusionRules.IsPerfusion(title),
            Grade = PerfusionRules.GradeOf(title, band),
            Advert = new AdvertDetails(Description(document.QuerySelector("[data-testid=div-vacancies-description]")), reference, Contact.Empty),
        };
        return new ParsedPage(Source, PageKind.Advert, null, null, [vacancy]);
    }

    /// <summary>A detail value by its test id, else by the <c>dt</c> label of the summary list.</summary>
    private static string? DetailField(IDocument document, string[] testIds, string label)
    {
        foreach (var testId in testIds)
        {
            if (document.QuerySelector($"[data-testid='{testId}']") is { } element)
            {
                return TextClean.Normalize(element.TextContent);
            }
        }

        var term = document.QuerySelectorAll("dt").FirstOrDefault(dt => LabelKey(dt.TextContent) is { } key && key.Equals(label, StringComparison.OrdinalIgnoreCase));
        return term?.NextElementSibling is { LocalName: "dd" } dd ? TextClean.Normalize(dd.TextContent) : null;
    }

    private static DateOnly? DetailDate(IDocument document, string testId)
    {
        var block = document.QuerySelector($"[data-testid='{testId}']");
        // The date sits in the block's span; the block's own text ("Live date: 25/11/2026") holds it too.
        return BoardDates.FindDayFirstNumeric(block?.QuerySelector("span")?.TextContent) ?? BoardDates.FindDayFirstNumeric(block?.TextContent);
    }

    /// <summary>The postcode of the JSON-LD <c>JobPosting</c> address: the only place the detail page states one.</summary>
    private static string? JsonLdPostcode(IDocument document)
    {
        foreach (var script in document.QuerySelectorAll("script[type='application/ld+json']"))
        {
            try
            {
                using var json = JsonDocument.Parse(script.TextContent);
                foreach (var posting in JobPostings(json.RootElement))
                {
                    if (posting.TryGetProperty("jobLocation", out var location))
                    {
                        foreach (var place in location.ValueKind == JsonValueKind.Array ? location.EnumerateArray().ToList() : [location])
                        {
                            if (place.ValueKind == JsonValueKind.Object
                                && place.TryGetProperty("address", out var address) && address.ValueKind == JsonValueKind.Object
                                && address.TryGetProperty("postalCode", out var code) && code.ValueKind == JsonValueKind.String
                                && Postcodes.FindFirst(code.GetString()) is { } postcode)
                            {
                                return postcode;
                            }
                        }
                    }
                }
            }
            catch (Exception exception) when (exception is JsonException or ArgumentException)
            {
                // A broken JSON-LD block (bad JSON, or text that is not valid UTF-16) states nothing; the page's own fields still stand.
            }
        }

        return null;
    }

    private static IEnumerable<JsonElement> JobPostings(JsonElement node)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            return node.EnumerateArray().SelectMany(JobPostings).ToList();
        }

        if (node.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        if (node.TryGetProperty("@graph", out var graph))
        {
            return JobPostings(graph);
        }

        return node.TryGetProperty("@type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "JobPosting" ? [node] : [];
    }

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

    private static string DetailUrl(string jobId) => new Uri(RealHost, $"/Job/JobDetail?JobId={jobId}").AbsoluteUri;

    /// <summary>"PS251877 - Specialist Pharmacist - Cardiology" -> "Specialist Pharmacist - Cardiology": by the
    /// known reference, else by a reference-shaped first word.</summary>
    private static string? DropReferencePrefix(string? title, string? reference)
    {
        if (title is null)
        {
            return null;
        }

        if (reference is not null && ReferencePrefix().Match(title) is { Success: true } match
            && match.Groups["ref"].Value.Equals(reference, StringComparison.OrdinalIgnoreCase))
        {
            return TextClean.Normalize(title[match.Length..]) ?? title;
        }

        if (reference is null && ReferencePrefix().Match(title) is { Success: true } shaped && ReferenceShape().IsMatch(shaped.Groups["ref"].Value))
        {
            return TextClean.Normalize(title[shaped.Length..]) ?? title;
        }

        return title;
    }

    private static string? LabelKey(string? label) => TextClean.Normalize(label?.Replace(":", " ", StringComparison.Ordinal));

    private static int? InputNumber(IDocument document, string id) =>
        int.TryParse(document.GetElementById(id)?.GetAttribute("value")?.Trim().Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    /// <summary>"There are 905 jobs matching" (the wording is a guess: the first number is taken).</summary>
    private static int? StatedTotal(IDocument document)
    {
        var text = document.GetElementById("searchNoOfResults")?.TextContent;
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

    private static string? JobIdOf(string? href)
    {
        if (href is null)
        {
            return null;
        }

        var match = JobIdQuery().Match(href);
        return match.Success ? match.Groups["id"].Value : null;
    }

    private static string? Digits(string? value)
    {
        var trimmed = value?.Trim();
        return !string.IsNullOrEmpty(trimmed) && trimmed.All(char.IsAsciiDigit) ? trimmed : null;
    }

    [GeneratedRegex(@"[?&]JobId=(?<id>\d+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex JobIdQuery();

    [GeneratedRegex(@"^(?<ref>\S+)\s+-\s+")]
    private static partial Regex ReferencePrefix();

    // Jobtrain references are board letters then digits: PS251877, GJ261201, GRAM261510.
    [GeneratedRegex(@"^[A-Z]{1,6}\d{4,}$")]
    private static partial Regex ReferenceShape();

    [GeneratedRegex(@"\d[\d,]*")]
    private static partial Regex Number();

    [GeneratedRegex(@"\bno\s+(?:jobs|results|vacancies)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NoJobs();
}
