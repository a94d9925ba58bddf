using System.Text.RegularExpressions;

namespace Vacancies.Sweeps;

/// <summary>
/// Whether two boards' listings advertise one post: the same unit, the same grade, a similar title,
/// dates that overlap, and the same employer reference where both give one. Only a known unit can
/// link listings: without one, two posts could never be told apart from one.
/// </summary>
public static partial class SamePost
{
    public sealed record Facts(int? UnitId, string? Grade, string Title, DateOnly? PostedOn, DateOnly? ClosesOn, string? EmployerReference);

    /// <summary>How far apart two boards' dates may be and still describe one advertising window.</summary>
    public static readonly int DateSlackDays = 14;

    public static bool Matches(Facts a, Facts b)
    {
        if (a.UnitId is null || a.UnitId != b.UnitId || !string.Equals(a.Grade, b.Grade, StringComparison.Ordinal))
        {
            return false;
        }

        if (a.EmployerReference is { Length: > 0 } left && b.EmployerReference is { Length: > 0 } right)
        {
            // Boards copy the employer's reference verbatim, so two references that differ are two posts.
            return string.Equals(Reference(left), Reference(right), StringComparison.Ordinal);
        }

        return SimilarTitles(a.Title, b.Title) && Overlap(a, b);
    }

    /// <summary>Titles share most of their words once references, bands and punctuation are set aside.</summary>
    public static bool SimilarTitles(string left, string right)
    {
        var a = Words(left);
        var b = Words(right);
        if (a.Count == 0 || b.Count == 0)
        {
            return false;
        }

        var shared = a.Intersect(b).Count();
        return shared / (double)a.Union(b).Count() >= 0.6;
    }

    private static bool Overlap(Facts a, Facts b)
    {
        var aStart = a.PostedOn ?? DateOnly.MinValue;
        var bStart = b.PostedOn ?? DateOnly.MinValue;
        var aEnd = a.ClosesOn ?? DateOnly.MaxValue;
        var bEnd = b.ClosesOn ?? DateOnly.MaxValue;
        return aStart <= AddDays(bEnd, DateSlackDays) && bStart <= AddDays(aEnd, DateSlackDays);
    }

    private static DateOnly AddDays(DateOnly date, int days) => date > DateOnly.MaxValue.AddDays(-days) ? DateOnly.MaxValue : date.AddDays(days);

    private static string Reference(string reference) => NotAlphanumeric().Replace(reference, "").ToUpperInvariant();

    private static HashSet<string> Words(string title)
    {
        var words = NotAlphanumeric().Split(title.ToLowerInvariant())
            .Where(w => w.Length > 1 && !IgnoredWords.Contains(w) && !ReferenceLike().IsMatch(w));
        return [.. words];
    }

    // Words that boards add around the same role: bands, contract notes, connectives.
    private static readonly HashSet<string> IgnoredWords = ["band", "the", "and", "of", "at", "in", "for", "fixed", "term", "temporary", "permanent", "post", "nhs"];

    [GeneratedRegex("[^a-zA-Z0-9]+")]
    private static partial Regex NotAlphanumeric();

    [GeneratedRegex(@"^(?=.*\d)[a-z0-9]{4,}$")]
    private static partial Regex ReferenceLike();
}
