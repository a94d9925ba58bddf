namespace Vacancies.Boards;

/// <summary>What one board page says, independent of how the board lays it out.</summary>
public sealed record ParsedPage(
    string Source,
    PageKind Kind,
    int? TotalResults,
    string? NextPage,
    IReadOnlyList<ParsedVacancy> Vacancies);

public enum PageKind
{
    /// <summary>An NHS Jobs HTML results page.</summary>
    Search,
    /// <summary>The NHS Jobs XML search.</summary>
    Xml,
    /// <summary>A list page of any other board.</summary>
    Listing,
    /// <summary>One vacancy's own page.</summary>
    Advert,
}

public sealed record ParsedVacancy
{
    public required string SourceRef { get; init; }
    public required string Url { get; init; }
    public required string Title { get; init; }
    public string? Employer { get; init; }
    public string? Location { get; init; }
    public string? Postcode { get; init; }
    public Salary Salary { get; init; } = Salary.None;
    public string? Band { get; init; }
    public DateOnly? PostedOn { get; init; }
    public DateOnly? ClosesOn { get; init; }
    public string? ContractType { get; init; }
    public string? WorkingPattern { get; init; }
    public bool IsPerfusion { get; init; }
    public Grade? Grade { get; init; }

    /// <summary>Who may apply, where the board says so (HSE only); null elsewhere.</summary>
    public Audience? Audience { get; init; }

    /// <summary>Present on advert pages only; null on list pages.</summary>
    public AdvertDetails? Advert { get; init; }
}

public sealed record AdvertDetails(string? Description, string? EmployerReference, Contact Contact);

public sealed record Contact(string? Name, string? JobTitle, string? Email, string? Phone)
{
    public static readonly Contact Empty = new(null, null, null, null);
}

public enum Grade { Trainee, Clinical, Senior, Chief }

public enum Audience { Public, Internal }
