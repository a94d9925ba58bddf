using System.Text.RegularExpressions;

namespace Vacancies.Boards;

/// <summary>The one text clean-up every field goes through (CONVENTIONS: entities decoded by the
/// parser, white space collapsed, ends trimmed, nothing else changed).</summary>
public static partial class TextClean
{
    /// <summary>Collapses every run of white space (no-break space included) to one space and trims;
    /// an empty result is null, because a field the page leaves blank is a field it does not state.</summary>
    public static string? Normalize(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var collapsed = WhiteSpace().Replace(text, " ").Trim();
        return collapsed.Length == 0 ? null : collapsed;
    }

    [GeneratedRegex(@"[\s\u00A0\u2007\u202F\u200B\uFEFF]+")]
    private static partial Regex WhiteSpace();
}
