using System.Text.RegularExpressions;

namespace Vacancies.Boards;

/// <summary>UK postcodes and Irish Eircodes found in free text.</summary>
public static partial class Postcodes
{
    /// <summary>The first UK postcode or Eircode in the text, written outward code, one space, inward code.</summary>
    public static string? FindFirst(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = Pattern().Match(text);
        return match.Success ? $"{match.Groups["out"].Value.ToUpperInvariant()} {match.Groups["in"].Value.ToUpperInvariant()}" : null;
    }

    // UK: outward A9, A99, A9A, AA9, AA99, AA9A; inward 9AA. Eircode: routing key A99 (or D6W), unique identifier of 4.
    [GeneratedRegex(@"\b(?:(?<out>[A-Z]{1,2}\d[A-Z\d]?)\s*(?<in>\d[A-Z]{2})|(?<out>[AC-FHKNPRTV-Y]\d{2}|D6W)\s?(?<in>[0-9AC-FHKNPRTV-Y]{4}))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
