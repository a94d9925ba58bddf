using System.Text.RegularExpressions;
using Vacancies.Boards;

namespace Vacancies.Vacancies.Matching;

/// <summary>A unit as the matcher sees it: the directory row plus its rows of unit_match_terms.</summary>
public sealed record MatchableUnit(
    int Id,
    string Slug,
    string Name,
    string Employer,
    string? City,
    string? Postcode,
    IReadOnlyList<string> EmployerTerms,
    IReadOnlyList<string> SiteTerms);

/// <summary>The unit a listing belongs to, or null with the units it could be; Reason says which evidence decided.</summary>
public sealed record UnitMatch(int? UnitId, IReadOnlyList<int> CandidateUnitIds, string Reason);

/// <summary>
/// Matches a listing to its unit from facts only: the employer's name (or a known alias) picks the candidates,
/// and postcode or site names decide between units of one employer. Anything less than one clear unit is
/// reported as ambiguous rather than guessed, because a vacancy shown under the wrong unit misleads applicants.
/// </summary>
public sealed partial class UnitMatcher(IReadOnlyList<MatchableUnit> units)
{
    private readonly IReadOnlyList<Unit> prepared = units.Select(Unit.From).ToList();

    public UnitMatch Match(string? employer, string? location, string? postcode, string? title)
    {
        var employerKey = string.IsNullOrWhiteSpace(employer) ? "" : Normalize(employer);
        var listingPostcode = CompactPostcode(postcode) ?? CompactPostcode(Postcodes.FindFirst(location));
        var locationText = Pad(location);
        var titleText = Pad(title);

        var candidates = employerKey.Length == 0 ? [] : prepared.Where(u => u.EmployerKeys.Contains(employerKey)).ToList();
        return candidates.Count switch
        {
            0 => WithoutEmployer(employer, listingPostcode, locationText, titleText),
            1 => Matched(candidates[0], "employer"),
            _ => BetweenUnitsOfOneEmployer(employer!.Trim(), candidates, listingPostcode, locationText, titleText),
        };
    }

    /// <summary>Lower case, "&amp;" as "and", apostrophes and punctuation gone, "Saint"/"St." as "st", a trailing
    /// parenthetical dropped (the reference data keeps notes there), spaces collapsed.</summary>
    public static string Normalize(string text) => Words(TrailingParenthetical().Replace(text, ""));

    private UnitMatch BetweenUnitsOfOneEmployer(string employer, List<Unit> candidates, string? postcode, string location, string title)
    {
        var evidence = new List<string> { "employer" };
        var remaining = candidates;

        var byPostcode = ByPostcode(candidates, postcode);
        var siteHits = SiteHits(candidates, location, title, multiWordOnly: false);
        var siteUnits = siteHits.Select(h => h.Unit).Distinct().ToList();

        if (byPostcode is not null)
        {
            if (siteUnits.Count > 0 && !siteUnits.Intersect(byPostcode).Any())
            {
                // An advert may carry the trust's headquarters postcode while naming another site: neither wins.
                return Ambiguous(byPostcode.Union(siteUnits).ToList(),
                    $"ambiguous: postcode points to {Slugs(byPostcode)}, site to {Slugs(siteUnits)}");
            }

            remaining = byPostcode;
            evidence.Add("postcode");
        }

        if (siteUnits.Count > 0)
        {
            var agreeing = siteHits.Where(h => remaining.Contains(h.Unit)).ToList();
            remaining = agreeing.Select(h => h.Unit).Distinct().ToList();
            if (remaining.Count > 1 && OneCampusNamedByTitle(agreeing) is { } byTitle)
            {
                agreeing = agreeing.Where(h => h.Unit == byTitle).ToList();
                remaining = [byTitle];
            }

            if (remaining.Count == 1)
            {
                evidence.Add("site:" + agreeing.First(h => h.Unit == remaining[0]).Term);
            }
        }
        else if (remaining.Count > 1)
        {
            // The town is weak evidence (most shared employers sit in one city), so it only narrows when nothing better named a site.
            var inCity = remaining.Where(u => u.CityKey is { } city && (Contains(location, city) || Contains(title, city))).ToList();
            if (inCity.Count > 0 && inCity.Count < remaining.Count)
            {
                remaining = inCity;
                if (remaining.Count == 1)
                {
                    evidence.Add("city:" + remaining[0].Source.City);
                }
            }
        }

        return remaining.Count == 1
            ? Matched(remaining[0], string.Join('+', evidence))
            : Ambiguous(remaining, $"ambiguous: {remaining.Count} units of {employer}");
    }

    /// <summary>No employer we know: only a postcode or a full site name that points at exactly one unit will do.
    /// Boards that list no employer (HSE's listing) name the hospital in the title, so the title counts too.</summary>
    private UnitMatch WithoutEmployer(string? employer, string? postcode, string location, string title)
    {
        var noMatch = new UnitMatch(null, [], string.IsNullOrWhiteSpace(employer) ? "no unit: no employer given" : $"no unit for employer '{employer.Trim()}'");
        var byPostcode = postcode is null ? [] : prepared.Where(u => u.Postcode == postcode).ToList();

        // A bare place word ("Crumlin", "Brompton") or an abbreviation ("MRI") names a site only once the employer is known.
        var siteHits = SiteHits(prepared, location, title, multiWordOnly: true);
        var siteUnits = siteHits.Select(h => h.Unit).Distinct().ToList();

        if (byPostcode.Count > 0)
        {
            var agreeing = siteUnits.Count == 0 ? byPostcode : byPostcode.Intersect(siteUnits).ToList();
            if (agreeing.Count != 1)
            {
                return noMatch;
            }

            return siteUnits.Count == 0
                ? Matched(agreeing[0], "postcode")
                : Matched(agreeing[0], "postcode+site:" + siteHits.First(h => h.Unit == agreeing[0]).Term);
        }

        return siteUnits.Count == 1 ? Matched(siteUnits[0], "site:" + siteHits[0].Term) : noMatch;
    }

    /// <summary>Units whose full postcode is the listing's; else the one unit in its outward code, when only one is.</summary>
    private static List<Unit>? ByPostcode(List<Unit> candidates, string? postcode)
    {
        if (postcode is null)
        {
            return null;
        }

        var exact = candidates.Where(u => u.Postcode == postcode).ToList();
        if (exact.Count > 0)
        {
            return exact;
        }

        var outward = Outward(postcode);
        var sameDistrict = candidates.Where(u => u.Postcode is { } p && Outward(p) == outward).ToList();
        return sameDistrict.Count == 1 ? sameDistrict : null;
    }

    private static List<SiteHit> SiteHits(IEnumerable<Unit> candidates, string location, string title, bool multiWordOnly)
    {
        var hits = new List<SiteHit>();
        foreach (var unit in candidates)
        {
            foreach (var (key, term) in unit.SiteKeys)
            {
                if (multiWordOnly && !key.Contains(' ', StringComparison.Ordinal))
                {
                    continue;
                }

                var inTitle = Contains(title, key);
                if (inTitle || Contains(location, key))
                {
                    hits.Add(new SiteHit(unit, term, inTitle));
                }
            }
        }

        return hits;
    }

    /// <summary>
    /// Units on one campus (Evelina inside St Thomas') are told apart by the title when the location is the
    /// campus address: the title names the post's unit, the address names the building it shares.
    /// </summary>
    private static Unit? OneCampusNamedByTitle(List<SiteHit> hits)
    {
        var hitUnits = hits.Select(h => h.Unit).Distinct().ToList();
        var postcodes = hitUnits.Select(u => u.Postcode).Distinct().ToList();
        if (postcodes is not [{ } _])
        {
            return null;
        }

        var namedInTitle = hits.Where(h => h.InTitle).Select(h => h.Unit).Distinct().ToList();
        return namedInTitle is [var only] ? only : null;
    }

    private static UnitMatch Matched(Unit unit, string reason) => new(unit.Source.Id, [unit.Source.Id], reason);

    private static UnitMatch Ambiguous(List<Unit> remaining, string reason) =>
        new(null, remaining.Select(u => u.Source.Id).ToList(), reason);

    private static string Slugs(IEnumerable<Unit> units) => string.Join(", ", units.Select(u => u.Source.Slug));

    private static bool Contains(string paddedText, string key) => paddedText.Contains($" {key} ", StringComparison.Ordinal);

    /// <summary>Free text keeps its parentheses: "Perfusionist (Wythenshawe)" names the site there.</summary>
    private static string Pad(string? text) => string.IsNullOrWhiteSpace(text) ? " " : $" {Words(text)} ";

    private static string Words(string text)
    {
        var lower = StripAccents(text.ToLowerInvariant()).Replace("&", " and ", StringComparison.Ordinal);
        lower = Apostrophes().Replace(lower, "");
        var words = NonWord().Split(lower).Where(w => w.Length > 0).Select(w => w == "saint" ? "st" : w);
        return string.Join(' ', words);
    }

    // Irish names arrive with and without fadas ("Ospidéal", "Ospideal"). Mapped by hand because the service runs
    // with invariant globalization, where string.Normalize does not decompose accents.
    private const string Accented = "áàâäéèêëíìîïóòôöúùûüç";
    private const string Plain = "aaaaeeeeiiiioooouuuuc";

    private static string StripAccents(string lower)
    {
        var chars = lower.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var at = Accented.IndexOf(chars[i], StringComparison.Ordinal);
            if (at >= 0)
            {
                chars[i] = Plain[at];
            }
        }

        return new string(chars);
    }

    private static string? CompactPostcode(string? postcode)
    {
        if (string.IsNullOrWhiteSpace(postcode))
        {
            return null;
        }

        var compact = new string(postcode.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();
        return compact.Length >= 5 ? compact : null;
    }

    /// <summary>The outward code of a compact UK postcode (all but the last three characters), or an Eircode's routing key.</summary>
    private static string Outward(string compact) => Eircode().IsMatch(compact) ? compact[..3] : compact[..^3];

    [GeneratedRegex(@"\s*\([^()]*\)\s*$")]
    private static partial Regex TrailingParenthetical();

    [GeneratedRegex(@"['’‘`´]")]
    private static partial Regex Apostrophes();

    [GeneratedRegex(@"[^\p{L}\p{Nd}]+")]
    private static partial Regex NonWord();

    [GeneratedRegex(@"^(?:[A-Z]\d{2}|D6W)[0-9A-Z]{4}$")]
    private static partial Regex Eircode();

    private sealed record SiteHit(Unit Unit, string Term, bool InTitle);

    /// <summary>A unit with its names normalised once, so matching a sweep's listings does no repeated work.</summary>
    private sealed class Unit
    {
        public required MatchableUnit Source { get; init; }
        public required HashSet<string> EmployerKeys { get; init; }
        public required IReadOnlyList<(string Key, string Term)> SiteKeys { get; init; }
        public string? CityKey { get; init; }
        public string? Postcode { get; init; }

        public static Unit From(MatchableUnit unit) => new()
        {
            Source = unit,
            EmployerKeys = unit.EmployerTerms.Prepend(unit.Employer).Select(Normalize).Where(k => k.Length > 0).ToHashSet(StringComparer.Ordinal),
            SiteKeys = unit.SiteTerms.Prepend(TrailingParenthetical().Replace(unit.Name, ""))
                .Select(term => (Key: Normalize(term), Term: term.Trim()))
                .Where(t => t.Key.Length > 0)
                .DistinctBy(t => t.Key)
                .ToList(),
            CityKey = string.IsNullOrWhiteSpace(unit.City) ? null : Normalize(unit.City),
            Postcode = CompactPostcode(unit.Postcode),
        };
    }
}
