using System.Text.RegularExpressions;

namespace Vacancies.Boards;

/// <summary>NHS Agenda for Change bands, written "6", "7", "8a".</summary>
public static partial class Bands
{
    /// <summary>The band a text names ("Band 8A", "band 7"), or null when it names none.</summary>
    public static string? Find(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = Pattern().Match(text);
        return match.Success ? match.Groups["band"].Value.ToLowerInvariant() : null;
    }

    [GeneratedRegex(@"\bBand\s*(?<band>[1-9][a-d]?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
