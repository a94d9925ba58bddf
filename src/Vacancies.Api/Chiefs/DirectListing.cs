using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vacancies.Boards;

namespace Vacancies.Chiefs;

public sealed record DirectSalary(decimal? Min, decimal? Max, string? Currency, string? Period, string? Text);

/// <summary>A post a unit's chief lists itself (source `direct`), as the API shows and takes it.</summary>
public sealed record DirectListingView(
    long Id,
    string Status,
    string Source,
    string Title,
    string? Grade,
    string? Band,
    DirectSalary? Salary,
    DateOnly? ClosesOn,
    string HowToApply,
    string? Description,
    DateOnly? PostedOn);

/// <summary>
/// The fields of a direct listing, read as a merge patch over what is there (nothing, for a new one),
/// then checked as a whole: a post needs a title, a grade, a closing date and a way to apply.
/// </summary>
internal sealed partial record DirectListing(string? Title, string? Grade, string? Band, DirectSalary? Salary, DateOnly? ClosesOn, string? HowToApply, string? Description)
{
    public static readonly DirectListing Empty = new(null, null, null, null, null, null, null);

    private static readonly IReadOnlyList<string> Fields = ["title", "grade", "band", "salary", "closesOn", "howToApply", "description"];
    private static readonly IReadOnlyList<string> SalaryFields = ["min", "max", "currency", "period", "text"];
    private static readonly IReadOnlyList<string> Grades = Enum.GetValues<Grade>().Select(PageJson.GradeName).ToList();
    private static readonly IReadOnlyList<string> Currencies = ["GBP", "EUR"];
    private static readonly IReadOnlyList<string> Periods = ["year", "hour", "day", "week", "month", "session"];

    public DirectListing Apply(JsonElement patch, DateOnly today, FieldErrors errors)
    {
        errors.RejectUnknown(patch, "", Fields);
        var next = this;
        foreach (var property in patch.EnumerateObject())
        {
            var value = property.Value;
            next = property.Name switch
            {
                "title" => next with { Title = errors.Text(value, "title", 200) },
                "grade" => next with { Grade = errors.OneOf(value, "grade", Grades) },
                "band" => next with { Band = ReadBand(value, errors) },
                "salary" => next with { Salary = ReadSalary(value, next.Salary, errors) },
                "closesOn" => next with { ClosesOn = ReadClosesOn(value, today, errors) },
                "howToApply" => next with { HowToApply = ReadHowToApply(value, errors) },
                "description" => next with { Description = errors.Text(value, "description", 10_000, multiline: true) },
                _ => next,
            };
        }

        foreach (var (field, missing) in new[] { ("title", next.Title is null), ("grade", next.Grade is null), ("closesOn", next.ClosesOn is null), ("howToApply", next.HowToApply is null) })
        {
            if (missing && !errors.Has(field))
            {
                errors.Fail(field, "Required.");
            }
        }

        return next;
    }

    /// <summary>The listing's url: the how-to-apply URL, or a mailto: for an email address.</summary>
    public string Url => HowToApply is { } how && FieldErrors.IsEmail(how) ? "mailto:" + how : HowToApply ?? "";

    public static string HowToApplyOf(string url) => url.StartsWith("mailto:", StringComparison.Ordinal) ? url["mailto:".Length..] : url;

    public JsonObject Snapshot() => (JsonObject)JsonSerializer.SerializeToNode(this, JsonSerializerOptions.Web)!;

    private static string? ReadBand(JsonElement value, FieldErrors errors)
    {
        var text = errors.Text(value, "band", 10);
        if (text is null)
        {
            return null;
        }

        var band = text.StartsWith("band", StringComparison.OrdinalIgnoreCase) ? text[4..].Trim() : text;
        if (!BandPattern().IsMatch(band))
        {
            errors.Fail("band", "Must be an Agenda for Change band: 2 to 7, 8a to 8d, or 9.");
            return null;
        }

        return band.ToLowerInvariant();
    }

    private static DirectSalary? ReadSalary(JsonElement value, DirectSalary? current, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Fail("salary", $"Must be an object with {string.Join(", ", SalaryFields)}, or null.");
            return current;
        }

        errors.RejectUnknown(value, "salary.", SalaryFields);
        var salary = current ?? new DirectSalary(null, null, null, null, null);
        foreach (var property in value.EnumerateObject())
        {
            salary = property.Name switch
            {
                "min" => salary with { Min = errors.Money(property.Value, "salary.min") },
                "max" => salary with { Max = errors.Money(property.Value, "salary.max") },
                "currency" => salary with { Currency = errors.OneOf(property.Value, "salary.currency", Currencies) },
                "period" => salary with { Period = errors.OneOf(property.Value, "salary.period", Periods) },
                "text" => salary with { Text = errors.Text(property.Value, "salary.text", 200) },
                _ => salary,
            };
        }

        if (salary.Min is { } min && salary.Max is { } max && min > max)
        {
            errors.Fail("salary.max", "Must not be less than salary.min.");
        }

        if ((salary.Min is not null || salary.Max is not null) && (salary.Currency is null || salary.Period is null))
        {
            errors.Fail("salary", "An amount needs its currency and period.");
        }

        return salary;
    }

    private static DateOnly? ReadClosesOn(JsonElement value, DateOnly today, FieldErrors errors)
    {
        var date = errors.Date(value, "closesOn");
        if (date is { } closes && (closes <= today || closes > today.AddYears(2)))
        {
            errors.Fail("closesOn", $"Must be after today ({today:yyyy-MM-dd}) and within two years.");
            return null;
        }

        return date;
    }

    private static string? ReadHowToApply(JsonElement value, FieldErrors errors)
    {
        var text = errors.Text(value, "howToApply", 500);
        if (text is not null && !FieldErrors.IsWebUrl(text) && !FieldErrors.IsEmail(text))
        {
            errors.Fail("howToApply", "Must be an http:// or https:// URL, or an email address.");
            return null;
        }

        return text;
    }

    [GeneratedRegex("^([2-7]|8[a-dA-D]|9)$", RegexOptions.CultureInvariant)]
    private static partial Regex BandPattern();
}
