using System.Text.RegularExpressions;

namespace Vacancies.Boards;

/// <summary>
/// Whether a post is a clinical perfusion post, and its grade. Decided by the role the title names,
/// never by the word "perfusion" appearing somewhere: the vocabulary below is the one place these
/// rules live, each term with the reason it is there.
/// </summary>
public static class PerfusionRules
{
    /// <summary>Titles naming a clinical perfusion role.</summary>
    public static readonly IReadOnlyList<Rule> PerfusionRoles =
    [
        new("perfusionist", "clinical perfusionist, chief perfusionist"),
        new(@"perfusion\s+scientist", "clinical perfusion scientist, trainee and senior variants"),
        new(@"perfusion\s+practitioner", "perfusion practitioner (older title, still used)"),
        new(@"perfusion\s+(?:specialist|technologist|officer)", "perfusion specialist posts"),
        new(@"head\s+of\s+(?:clinical\s+)?perfusion", "head of perfusion"),
        new(@"perfusion\s+(?:services?\s+)?(?:manager|lead)", "perfusion service lead"),
        new(@"clinical\s+perfusion\b", "clinical perfusion, whatever follows"),
        new(@"\becmo\s+(?:specialist|practitioner|perfusionist|coordinator)", "ECMO specialist posts run by perfusion teams"),
    ];

    /// <summary>Roles that mention perfusion but are something else; any of these in the title wins.</summary>
    public static readonly IReadOnlyList<Rule> OtherRoles =
    [
        new(@"myocardial\s+perfusion", "myocardial perfusion imaging (nuclear cardiology)"),
        new(@"\bct\s+perfusion|perfusion\s+(?:ct|imaging|scan)", "CT perfusion and imaging"),
        new(@"nuclear\s+medicine", "nuclear medicine"),
        new(@"physiologist", "cardiac physiologists"),
        new(@"radiograph", "radiographers"),
        new(@"\bnurse\b|\bnursing\b|staff\s+nurse|theatre\s+practitioner|\bodp\b|operating\s+department", "theatre nurses and ODPs"),
        new(@"\bimaging\b", "imaging posts"),
    ];

    public static readonly IReadOnlyList<Rule> TraineeTitles = [new(@"\btrainee\b|\btraining\s+post\b|\bstudent\b|\bapprentice", "trainee titles")];
    public static readonly IReadOnlyList<Rule> ChiefTitles = [new(@"\bchief\b|\bhead\s+of\b", "chief, head of perfusion")];
    public static readonly IReadOnlyList<Rule> SeniorTitles = [new(@"\bsenior\b|\bprincipal\b|\blead\b|\bdeputy\b", "senior, principal, lead")];

    public static bool IsPerfusion(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return false;
        }

        return Matches(PerfusionRoles, title) && !Matches(OtherRoles, title);
    }

    /// <summary>The grade of a perfusion post: the title's word first, then the band (Band 6 is the
    /// training grade, 8a senior, 8b and above chief); null for a post that is not a perfusion post.</summary>
    public static Grade? GradeOf(string? title, string? band)
    {
        if (!IsPerfusion(title))
        {
            return null;
        }

        if (Matches(TraineeTitles, title!))
        {
            return Grade.Trainee;
        }

        if (Matches(ChiefTitles, title!))
        {
            return Grade.Chief;
        }

        if (Matches(SeniorTitles, title!))
        {
            return Grade.Senior;
        }

        return band switch
        {
            "2" or "3" or "4" or "5" or "6" => Grade.Trainee,
            "8a" => Grade.Senior,
            "8b" or "8c" or "8d" or "9" => Grade.Chief,
            _ => Grade.Clinical,
        };
    }

    private static bool Matches(IReadOnlyList<Rule> rules, string title) => rules.Any(rule => rule.Pattern.IsMatch(title));

    public sealed record Rule(string Expression, string Why)
    {
        public Regex Pattern { get; } = new(Expression, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }
}
