using System.Globalization;
using System.Text.RegularExpressions;

namespace Vacancies.Boards;

/// <summary>Calendar dates as boards write them, read without any time-zone conversion.</summary>
public static partial class BoardDates
{
    /// <summary>"14 July 2026", "01 September 2026", "25 Sept 2026", "Wednesday 9th December 2026 at 12 noon",
    /// "The closing date is 01 September 2026": the first day-month-year found.</summary>
    public static DateOnly? FindDayMonthYear(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = DayMonthYear().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var month = MonthNumber(match.Groups["month"].Value);
        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        return month is { } m && IsValid(year, m, day) ? new DateOnly(year, m, day) : null;
    }

    /// <summary>"25/11/2026" (dd/MM/yyyy), possibly followed by a time: the first such date found.</summary>
    public static DateOnly? FindDayFirstNumeric(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = Numeric().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture);
        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        return IsValid(year, month, day) ? new DateOnly(year, month, day) : null;
    }

    /// <summary>The date part of an ISO 8601 date or date-time as written ("2026-08-10T16:25:03.123456789",
    /// "2026-11-25T09:00:00+01:00"), without converting zones.</summary>
    public static DateOnly? FromIsoDatePart(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = Iso().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        return IsValid(year, month, day) ? new DateOnly(year, month, day) : null;
    }

    private static bool IsValid(int year, int month, int day) =>
        year is >= 1900 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    private static int? MonthNumber(string name)
    {
        var key = name.Length >= 3 ? name[..3].ToLowerInvariant() : name.ToLowerInvariant();
        return key switch
        {
            "jan" => 1, "feb" => 2, "mar" => 3, "apr" => 4, "may" => 5, "jun" => 6,
            "jul" => 7, "aug" => 8, "sep" => 9, "oct" => 10, "nov" => 11, "dec" => 12,
            _ => null,
        };
    }

    [GeneratedRegex(@"\b(?<day>\d{1,2})(?:st|nd|rd|th)?\s+(?<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?<year>\d{4})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"\b(?<day>\d{1,2})/(?<month>\d{1,2})/(?<year>\d{4})\b")]
    private static partial Regex Numeric();

    [GeneratedRegex(@"^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})")]
    private static partial Regex Iso();
}
