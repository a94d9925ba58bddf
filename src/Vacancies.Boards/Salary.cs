using System.Globalization;
using System.Text.RegularExpressions;

namespace Vacancies.Boards;

public enum SalaryPeriod { Year, Hour, Day, Week, Month, Session }

/// <summary>A salary as the page states it, with the amounts and period read from that text alone.</summary>
public sealed partial record Salary(string? Text, decimal? Min, decimal? Max, string? Currency, SalaryPeriod? Period)
{
    public static readonly Salary None = new(null, null, null, null, null);

    /// <summary>Reads amounts, currency and period from a salary text. The period is what the text says,
    /// never what the amount suggests; a text without an amount has no currency and no period.</summary>
    public static Salary FromText(string? rawText)
    {
        var text = TextClean.Normalize(rawText);
        if (text is null)
        {
            return None;
        }

        var amounts = AmountPattern().Matches(text);
        if (amounts.Count == 0)
        {
            return new Salary(text, null, null, null, null);
        }

        var first = amounts[0];
        var last = amounts[^1];
        var currency = first.Groups["sym"].Value switch
        {
            "€" => "EUR",
            _ => "GBP",
        };
        var (min, max) = (ParseAmount(first), ParseAmount(last));
        if (min is null || max is null)
        {
            return new Salary(text, null, null, null, null);
        }

        return new Salary(text, min, max, currency, PeriodOf(text));
    }

    /// <summary>No salary reaches ten billion: a longer number is a garbled page, kept as text only (and the store's
    /// numeric(12, 2) columns could not hold it, which would fail the whole sweep for one listing).</summary>
    private const decimal MaxAmount = 9_999_999_999.99m;

    private static decimal? ParseAmount(Match match) =>
        decimal.TryParse(match.Groups["num"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
        && amount <= MaxAmount
            ? amount
            : null;

    private static SalaryPeriod? PeriodOf(string text)
    {
        var match = PeriodPattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        return match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "year" or "annum" => SalaryPeriod.Year,
            "hour" => SalaryPeriod.Hour,
            "day" => SalaryPeriod.Day,
            "week" => SalaryPeriod.Week,
            "month" => SalaryPeriod.Month,
            "session" => SalaryPeriod.Session,
            _ => null,
        };
    }

    [GeneratedRegex(@"(?<sym>[£€])\s?(?<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)")]
    private static partial Regex AmountPattern();

    [GeneratedRegex(@"\b(?:a|an|per)\s+(?<unit>year|annum|hour|day|week|month|session)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PeriodPattern();
}
