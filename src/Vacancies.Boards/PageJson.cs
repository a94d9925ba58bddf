using System.Globalization;
using System.Text.Json;

namespace Vacancies.Boards;

/// <summary>Writes a page as the `parse` contract prints it (fixtures/CONVENTIONS.md): every key of the
/// contract present, advert-only keys on advert pages only, `audience` only where the board states it.</summary>
public static class PageJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true };

    public static string Write(ParsedPage page)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            Write(json, page);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Write(Utf8JsonWriter json, ParsedPage page)
    {
        json.WriteStartObject();
        json.WriteString("source", page.Source);
        json.WriteString("page", KindName(page.Kind));
        WriteNumber(json, "totalResults", page.TotalResults);
        json.WriteString("nextPage", page.NextPage);
        json.WriteStartArray("vacancies");
        foreach (var vacancy in page.Vacancies)
        {
            WriteVacancy(json, vacancy);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static string KindName(PageKind kind) => kind switch
    {
        PageKind.Search => "search",
        PageKind.Xml => "xml",
        PageKind.Listing => "listing",
        PageKind.Advert => "advert",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string PeriodName(SalaryPeriod period) => period.ToString().ToLowerInvariant();

    public static string GradeName(Grade grade) => grade.ToString().ToLowerInvariant();

    public static string AudienceName(Audience audience) => audience.ToString().ToLowerInvariant();

    private static void WriteVacancy(Utf8JsonWriter json, ParsedVacancy vacancy)
    {
        json.WriteStartObject();
        json.WriteString("sourceRef", vacancy.SourceRef);
        json.WriteString("url", vacancy.Url);
        json.WriteString("title", vacancy.Title);
        json.WriteString("employer", vacancy.Employer);
        json.WriteString("location", vacancy.Location);
        json.WriteString("postcode", vacancy.Postcode);
        json.WriteString("salaryText", vacancy.Salary.Text);
        WriteNumber(json, "salaryMin", vacancy.Salary.Min);
        WriteNumber(json, "salaryMax", vacancy.Salary.Max);
        json.WriteString("currency", vacancy.Salary.Currency);
        json.WriteString("salaryPeriod", vacancy.Salary.Period is { } period ? PeriodName(period) : null);
        json.WriteString("band", vacancy.Band);
        json.WriteString("postedOn", FormatDate(vacancy.PostedOn));
        json.WriteString("closesOn", FormatDate(vacancy.ClosesOn));
        json.WriteString("contractType", vacancy.ContractType);
        json.WriteString("workingPattern", vacancy.WorkingPattern);
        json.WriteBoolean("isPerfusion", vacancy.IsPerfusion);
        json.WriteString("grade", vacancy.Grade is { } grade ? GradeName(grade) : null);
        if (vacancy.Audience is { } audience)
        {
            json.WriteString("audience", AudienceName(audience));
        }

        if (vacancy.Advert is { } advert)
        {
            json.WriteString("description", advert.Description);
            json.WriteString("employerReference", advert.EmployerReference);
            json.WriteStartObject("contact");
            json.WriteString("name", advert.Contact.Name);
            json.WriteString("jobTitle", advert.Contact.JobTitle);
            json.WriteString("email", advert.Contact.Email);
            json.WriteString("phone", advert.Contact.Phone);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    public static string? FormatDate(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void WriteNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } number)
        {
            // "£58133.00" is the amount 58133: trailing zeros of the page's notation are not part of the value.
            json.WriteNumber(name, number / 1.0000000000000000000000000000m);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
