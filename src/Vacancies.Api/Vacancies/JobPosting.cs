using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vacancies.Vacancies;

/// <summary>A vacancy as schema.org JobPosting, the shape Google's job search reads. The same block is
/// served alone and embedded in the vacancy's page, so the two cannot drift apart.</summary>
internal static class JobPosting
{
    public const string ContentType = "application/ld+json; charset=utf-8";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        // Readable accents and pound signs; the page escapes "<" itself where it embeds the block.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Json(VacancyRow row) => Build(row).ToJsonString(Options);

    /// <summary>The block for a &lt;script&gt; element: "&lt;" can only occur inside JSON strings, where \u003c
    /// means the same, so no "&lt;/script&gt;" in a description can end the element early.</summary>
    public static string ForScriptElement(VacancyRow row) => Json(row).Replace("<", "\\u003c", StringComparison.Ordinal);

    public static JsonObject Build(VacancyRow row)
    {
        var posting = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "JobPosting",
            ["title"] = row.Title,
            // Google requires a description; an advert read only from a list page has none of its own.
            ["description"] = row.Description ?? VacancyFeeds.Summary(row),
            ["datePosted"] = Date(row.Posted ?? DateOnly.FromDateTime(row.FirstSeenAt)),
            ["directApply"] = false,
            ["url"] = row.Url,
            ["identifier"] = new JsonObject
            {
                ["@type"] = "PropertyValue",
                ["name"] = row.Listings.Count > 0 ? row.Listings[0].Source : "advert",
                ["value"] = row.EmployerReference ?? row.SourceRef,
            },
            ["hiringOrganization"] = new JsonObject
            {
                ["@type"] = "Organization",
                ["name"] = row.Employer ?? row.UnitName ?? "Not stated",
            },
            ["jobLocation"] = new JsonObject
            {
                ["@type"] = "Place",
                ["address"] = Address(row),
            },
        };

        if (row.Closes is { } closes)
        {
            // The advert closes at the end of its closing day, UK time.
            posting["validThrough"] = closes.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T23:59:59" + LondonOffset(closes);
        }

        var employmentTypes = EmploymentTypes(row.ContractType, row.WorkingPattern);
        if (employmentTypes.Count == 1)
        {
            posting["employmentType"] = employmentTypes[0];
        }
        else if (employmentTypes.Count > 1)
        {
            posting["employmentType"] = new JsonArray(employmentTypes.Select(t => (JsonNode)JsonValue.Create(t)).ToArray());
        }

        if (row.UnitLat is { } lat && row.UnitLon is { } lon)
        {
            posting["jobLocation"]!["geo"] = new JsonObject { ["@type"] = "GeoCoordinates", ["latitude"] = lat, ["longitude"] = lon };
        }

        if (row.SalaryMin is not null || row.SalaryMax is not null)
        {
            var value = new JsonObject { ["@type"] = "QuantitativeValue" };
            if (row.SalaryMin is { } min)
            {
                value["minValue"] = min;
            }

            if (row.SalaryMax is { } max)
            {
                value["maxValue"] = max;
            }

            if (UnitText(row.SalaryPeriod) is { } unitText)
            {
                value["unitText"] = unitText;
            }

            var amount = new JsonObject { ["@type"] = "MonetaryAmount", ["value"] = value };
            if (row.Currency is not null)
            {
                amount["currency"] = row.Currency;
            }

            posting["baseSalary"] = amount;
        }

        return posting;
    }

    private static JsonObject Address(VacancyRow row)
    {
        var address = new JsonObject { ["@type"] = "PostalAddress" };
        if (row.Location is not null)
        {
            address["streetAddress"] = row.Location;
        }

        if (row.UnitCity is not null)
        {
            address["addressLocality"] = row.UnitCity;
        }

        if (row.UnitRegion is not null)
        {
            address["addressRegion"] = row.UnitRegion;
        }

        if ((row.Postcode ?? row.UnitPostcode) is { } postcode)
        {
            address["postalCode"] = postcode;
        }

        if (CountryCode(row.Country) is { } code)
        {
            address["addressCountry"] = code;
        }

        return address;
    }

    internal static string? CountryCode(string? country) => country switch
    {
        "england" or "scotland" or "wales" or "northern-ireland" => "GB",
        "ireland" => "IE",
        _ => null,
    };

    internal static string? UnitText(string? period) => period switch
    {
        "year" => "YEAR",
        "month" => "MONTH",
        "week" => "WEEK",
        "day" => "DAY",
        "hour" => "HOUR",
        _ => null, // a sessional rate has no schema.org unit, and a wrong unit is worse than none
    };

    /// <summary>schema.org's employment types from the boards' free text; what the text does not say is left out.</summary>
    internal static List<string> EmploymentTypes(string? contractType, string? workingPattern)
    {
        var types = new List<string>();
        var pattern = (workingPattern ?? "").ToLowerInvariant().Replace('-', ' ');
        var contract = (contractType ?? "").ToLowerInvariant().Replace('-', ' ');
        if (pattern.Contains("full time", StringComparison.Ordinal) || contract.Contains("whole time", StringComparison.Ordinal))
        {
            types.Add("FULL_TIME");
        }

        if (pattern.Contains("part time", StringComparison.Ordinal))
        {
            types.Add("PART_TIME");
        }

        if (contract.Contains("fixed term", StringComparison.Ordinal) || contract.Contains("temporary", StringComparison.Ordinal) || contract.Contains("specified purpose", StringComparison.Ordinal))
        {
            types.Add("TEMPORARY");
        }

        if (contract.Contains("bank", StringComparison.Ordinal))
        {
            types.Add("PER_DIEM");
        }

        if (contract.Contains("locum", StringComparison.Ordinal))
        {
            types.Add("CONTRACTOR");
        }

        return types;
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string LondonOffset(DateOnly date)
    {
        var offset = Sweeps.UkCalendar.Zone.GetUtcOffset(date.ToDateTime(new TimeOnly(12, 0)));
        return offset == TimeSpan.Zero ? "+00:00" : offset.ToString("'+'hh':'mm", CultureInfo.InvariantCulture);
    }
}
