namespace Vacancies.Units;

/// <summary>The closed vocabularies of the directory; the check constraints of sql/001_units.sql hold the same lists.</summary>
public static class UnitVocabulary
{
    public static readonly IReadOnlyList<string> Countries = ["england", "scotland", "wales", "northern-ireland", "ireland"];

    public static readonly IReadOnlyList<string> Services = ["adult-cardiac", "paediatric-cardiac", "heart-transplant", "lung-transplant", "ecmo", "vad", "pea"];

    public static readonly IReadOnlyList<string> Sectors = ["public", "private"];
}
