using System.Text.RegularExpressions;
using Vacancies.Vacancies.Matching;

namespace Vacancies.Tests.Matching;

public sealed partial class UnitMatcherTests
{
    private const string Gstt = "Guy's and St Thomas' NHS Foundation Trust";
    private const string Mft = "Manchester University NHS Foundation Trust";
    private const string Hca = "HCA Healthcare UK";

    // A slice of sql/002 and sql/005: every shared employer the rules are about, and a few single units.
    private static readonly IReadOnlyList<MatchableUnit> Units =
    [
        new(1, "st-thomas-hospital", "St Thomas' Hospital", Gstt, "London", "SE1 7EH", [Gstt], ["St Thomas' Hospital", "St Thomas"]),
        new(2, "evelina-london-childrens-hospital", "Evelina London Children's Hospital (St Thomas' site)", Gstt, "London", "SE1 7EH", [Gstt],
            ["Evelina London Children's Hospital", "Evelina London", "Evelina"]),
        new(3, "harefield-hospital", "Harefield Hospital", Gstt + " (Royal Brompton & Harefield clinical group)", "Harefield (Uxbridge)", "UB9 6JH",
            [Gstt, "Royal Brompton and Harefield NHS Foundation Trust"], ["Harefield Hospital", "Harefield"]),
        new(4, "royal-brompton-hospital", "Royal Brompton Hospital", Gstt + " (Royal Brompton & Harefield clinical group)", "London", "SW3 6NP",
            [Gstt, "Royal Brompton and Harefield NHS Foundation Trust"], ["Royal Brompton Hospital", "Royal Brompton", "Brompton"]),
        new(5, "manchester-royal-infirmary", "Manchester Royal Infirmary", Mft, "Manchester", "M13 9WL",
            [Mft, "Central Manchester University Hospitals NHS Foundation Trust"], ["Manchester Royal Infirmary", "MRI"]),
        new(6, "wythenshawe-hospital", "Wythenshawe Hospital", Mft, "Manchester", "M23 9LT",
            [Mft, "University Hospital of South Manchester NHS Foundation Trust"], ["Wythenshawe Hospital", "Wythenshawe"]),
        new(7, "london-bridge-hospital", "London Bridge Hospital", Hca, "London", "SE1 2PR", [Hca], ["London Bridge Hospital"]),
        new(8, "the-wellington-hospital", "The Wellington Hospital", Hca, "London", "NW8 9LE", [Hca], ["The Wellington Hospital", "Wellington Hospital"]),
        new(9, "the-harley-street-clinic", "The Harley Street Clinic", Hca, "London", "W1G 8BJ", [Hca], ["The Harley Street Clinic", "Harley Street Clinic"]),
        new(10, "royal-papworth-hospital", "Royal Papworth Hospital", "Royal Papworth Hospital NHS Foundation Trust", "Cambridge", "CB2 0AY",
            ["Royal Papworth Hospital NHS Foundation Trust", "Papworth Hospital NHS Foundation Trust"], ["Royal Papworth Hospital", "Papworth Hospital"]),
        new(11, "derriford-hospital", "Derriford Hospital", "University Hospitals Plymouth NHS Trust", "Plymouth", "PL6 8DH",
            ["University Hospitals Plymouth NHS Trust", "Plymouth Hospitals NHS Trust"], ["Derriford Hospital"]),
        new(12, "st-jamess-hospital", "St James's Hospital", "St James's Hospital (HSE Dublin and Midlands; formerly Dublin Midlands Hospital Group)", "Dublin", "D08 NHY1",
            ["St James's Hospital", "St. James's Hospital", "Dublin Midlands Hospital Group"], ["St James's Hospital"]),
    ];

    private static readonly UnitMatcher Matcher = new(Units);

    [Fact]
    public void Without_an_employer_a_full_hospital_name_in_the_title_matches()
    {
        // HSE's listing names no employer; its titles name the hospital.
        var match = Matcher.Match(null, "Plymouth", null, "Clinical Perfusionist (Specified Purpose) - Derriford Hospital UHP26-0262");
        Assert.Equal(new int?(11), match.UnitId);

        Assert.Null(Matcher.Match(null, "Dublin", null, "Perfusionist - Harefield").UnitId); // a bare place word is not enough
    }

    [Fact]
    public void A_single_unit_employer_matches_by_employer_alone()
    {
        var match = Matcher.Match("Royal Papworth Hospital NHS Foundation Trust", "Cambridge", null, "Clinical Perfusion Scientist");

        Assert.Equal(new int?(10), match.UnitId);
        Assert.Equal([10], match.CandidateUnitIds);
        Assert.Equal("employer", match.Reason);
    }

    [Theory]
    [InlineData("Papworth Hospital NHS Foundation Trust", 10)]
    [InlineData("Plymouth Hospitals NHS Trust", 11)]
    public void A_former_trust_name_matches_through_its_alias(string employer, int unitId)
    {
        Assert.Equal(unitId, Matcher.Match(employer, null, null, "Perfusionist").UnitId);
    }

    [Fact]
    public void Units_of_one_employer_are_told_apart_by_postcode()
    {
        var match = Matcher.Match(Mft, "Manchester", "M23 9LT", "Clinical Perfusionist");

        Assert.Equal(new int?(6), match.UnitId);
        Assert.Equal("employer+postcode", match.Reason);
    }

    [Fact]
    public void Units_of_one_employer_are_told_apart_by_a_site_word()
    {
        var match = Matcher.Match(Mft, "Southmoor Road, Manchester", null, "Clinical Perfusionist (Wythenshawe)");

        Assert.Equal(new int?(6), match.UnitId);
        Assert.Equal("employer+site:Wythenshawe", match.Reason);
    }

    [Fact]
    public void A_postcode_and_a_site_naming_different_units_stay_ambiguous()
    {
        // M13 9WL is MRI's postcode (and the trust's headquarters); the site says Wythenshawe.
        var match = Matcher.Match(Mft, "Wythenshawe Hospital", "M13 9WL", "Perfusionist");

        Assert.Null(match.UnitId);
        Assert.Equal([5, 6], match.CandidateUnitIds.Order());
        Assert.StartsWith("ambiguous", match.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evelina_is_told_apart_from_St_Thomas_by_its_site_name()
    {
        var match = Matcher.Match(Gstt, "Evelina London Children's Hospital, Westminster Bridge Road, London", "SE1 7EH", "Paediatric Perfusionist");

        Assert.Equal(new int?(2), match.UnitId);
        Assert.Equal("employer+postcode+site:Evelina London Children's Hospital", match.Reason);
    }

    [Fact]
    public void On_a_shared_campus_the_title_names_the_unit_the_address_only_the_building()
    {
        var match = Matcher.Match(Gstt, "St Thomas' Hospital, Westminster Bridge Road, London", "SE1 7EH", "Clinical Perfusion Scientist - Evelina London");

        Assert.Equal(new int?(2), match.UnitId);
    }

    [Fact]
    public void Harefield_matches_through_the_former_trust_name_and_its_site()
    {
        var match = Matcher.Match("Royal Brompton & Harefield NHS Foundation Trust", "Harefield Hospital, Hill End Road, Harefield", null, "Perfusionist");

        Assert.Equal(new int?(3), match.UnitId);
        Assert.Equal("employer+site:Harefield Hospital", match.Reason);
    }

    [Fact]
    public void A_former_trust_name_alone_leaves_its_own_units_as_candidates()
    {
        var match = Matcher.Match("Royal Brompton and Harefield NHS Foundation Trust", "Middlesex", null, "Perfusionist");

        Assert.Null(match.UnitId);
        Assert.Equal([3, 4], match.CandidateUnitIds.Order());
    }

    [Fact]
    public void A_GSTT_post_at_a_site_without_a_unit_stays_ambiguous()
    {
        var match = Matcher.Match(Gstt, "Guy's Hospital, London SE1 9RT", null, "Band 7 Clinical Perfusion Scientist");

        Assert.Null(match.UnitId);
        Assert.True(match.CandidateUnitIds.Count >= 2);
        Assert.All(match.CandidateUnitIds, id => Assert.Contains(id, new[] { 1, 2, 3, 4 }));
        Assert.Equal($"ambiguous: {match.CandidateUnitIds.Count} units of {Gstt}", match.Reason);
    }

    [Fact]
    public void An_unknown_employer_is_not_matched()
    {
        var match = Matcher.Match("Acme Locums Ltd", "Leeds", null, "Locum Perfusionist");

        Assert.Null(match.UnitId);
        Assert.Empty(match.CandidateUnitIds);
        Assert.Equal("no unit for employer 'Acme Locums Ltd'", match.Reason);
    }

    [Fact]
    public void Without_a_known_employer_a_unique_postcode_matches()
    {
        var match = Matcher.Match("NHS Professionals", null, "cb2 0ay", "Perfusionist");

        Assert.Equal(new int?(10), match.UnitId);
        Assert.Equal("postcode", match.Reason);
    }

    [Fact]
    public void Without_a_known_employer_a_postcode_shared_by_two_units_matches_nothing()
    {
        var match = Matcher.Match("NHS Professionals", null, "SE1 7EH", "Perfusionist");

        Assert.Null(match.UnitId);
        Assert.Empty(match.CandidateUnitIds);
    }

    [Fact]
    public void Without_a_known_employer_a_bare_place_word_is_not_a_site()
    {
        Assert.Null(Matcher.Match("Acme Locums Ltd", "Wythenshawe, Manchester", null, "Perfusionist").UnitId);
        Assert.Equal(new int?(6), Matcher.Match("Acme Locums Ltd", "Wythenshawe Hospital, Manchester", null, "Perfusionist").UnitId);
    }

    [Theory]
    [InlineData("Guy’s & St. Thomas' NHS Foundation Trust")]
    [InlineData("GUYS AND SAINT THOMAS NHS FOUNDATION TRUST")]
    [InlineData("  Guy's and St Thomas'  NHS Foundation Trust (Royal Brompton & Harefield clinical group) ")]
    public void Names_are_normalised_for_case_punctuation_ampersand_and_saint(string written)
    {
        Assert.Equal("guys and st thomas nhs foundation trust", UnitMatcher.Normalize(written));
        Assert.Equal(new int?(3), Matcher.Match(written, "Harefield", null, "Perfusionist").UnitId);
    }

    [Fact]
    public void Irish_fadas_are_read_as_plain_letters()
    {
        Assert.Equal("ospideal na hollscoile corcaigh", UnitMatcher.Normalize("Ospidéal na hOllscoile, Corcaigh"));
    }

    [Theory]
    [InlineData("St James's Hospital (HSE Dublin and Midlands)")]
    [InlineData("St. James's Hospital")]
    [InlineData("Dublin Midlands Hospital Group")]
    public void An_Irish_employer_matches_with_or_without_its_parenthetical(string employer)
    {
        Assert.Equal(new int?(12), Matcher.Match(employer, "Dublin 8", "D08 NHY1", "Senior Clinical Perfusionist").UnitId);
    }

    [Theory]
    [InlineData("London Bridge Hospital, 27 Tooley Street", 7)]
    [InlineData("The Wellington Hospital, Wellington Place", 8)]
    [InlineData("Harley Street Clinic, 35 Weymouth Street", 9)]
    public void HCA_units_are_told_apart_by_hospital_name(string location, int unitId)
    {
        Assert.Equal(unitId, Matcher.Match(Hca, location, null, "Cardiac Perfusionist").UnitId);
    }

    [Fact]
    public void HCA_without_a_hospital_name_stays_ambiguous()
    {
        var match = Matcher.Match(Hca, "London", null, "Cardiac Perfusionist");

        Assert.Null(match.UnitId);
        Assert.Equal([7, 8, 9], match.CandidateUnitIds.Order());
    }

    [Fact]
    public void An_employer_sharing_a_word_with_a_unit_is_not_matched()
    {
        var match = Matcher.Match("Manchester Metropolitan University", "Manchester", "M15 6BH", "Lecturer in Clinical Perfusion");

        Assert.Null(match.UnitId);
        Assert.Empty(match.CandidateUnitIds);
    }

    [Fact]
    public void Every_slug_in_the_match_terms_seed_is_a_seeded_unit()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Vacancies.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var units = File.ReadAllText(Path.Combine(root.FullName, "sql", "002_units_seed.sql"));
        var terms = File.ReadAllText(Path.Combine(root.FullName, "sql", "005_unit_match_terms_seed.sql"));

        var unitSlugs = UnitRow().Matches(units).Select(m => m.Groups["slug"].Value).ToHashSet(StringComparer.Ordinal);
        var termRows = TermRow().Matches(terms).Select(m => (Slug: m.Groups["slug"].Value, Kind: m.Groups["kind"].Value, Term: m.Groups["term"].Value)).ToList();

        Assert.Equal(54, unitSlugs.Count);
        Assert.NotEmpty(termRows);
        Assert.Empty(termRows.Select(r => r.Slug).Where(slug => !unitSlugs.Contains(slug)).Distinct());
        // The table's primary key is (unit, kind, term): a repeated row would fail the whole seed.
        Assert.Equal(termRows.Count, termRows.Distinct().Count());
        // Every unit can be found by its own employer.
        var withEmployer = termRows.Where(r => r.Kind == "employer").Select(r => r.Slug).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(unitSlugs.Except(withEmployer));
    }

    [GeneratedRegex(@"^\s*\('(?<slug>[a-z0-9-]+)', '", RegexOptions.Multiline)]
    private static partial Regex UnitRow();

    [GeneratedRegex(@"^\s*\('(?<slug>[a-z0-9-]+)', '(?<kind>employer|site)', '(?<term>(?:[^']|'')*)'\)", RegexOptions.Multiline)]
    private static partial Regex TermRow();
}
