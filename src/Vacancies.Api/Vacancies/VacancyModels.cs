namespace Vacancies.Vacancies;

public sealed record UnitRef(string Slug, string Name);

public sealed record SalaryInfo(decimal? Min, decimal? Max, string? Currency, string? Period, string? Text);

public sealed record ListingRef(string Source, string Url, string SourceRef);

public sealed record ContactInfo(string? Name, string? JobTitle, string? Email, string? Phone);

public sealed record VacancyItem(
    long Id,
    string Title,
    string? Grade,
    string? Band,
    UnitRef? Unit,
    string? Employer,
    string? Location,
    string? Country,
    SalaryInfo Salary,
    string? ContractType,
    string? WorkingPattern,
    DateOnly? PostedOn,
    DateOnly? ClosesOn,
    int? DaysLeft,
    string Status,
    IReadOnlyList<ListingRef> Listings,
    DateTime FirstSeenAt,
    DateTime LastSeenAt);

public sealed record VacancyList(int Count, IReadOnlyList<VacancyItem> Items, string? NextCursor);

public sealed record VacancyDetail(
    long Id,
    string Title,
    string? Grade,
    string? Band,
    UnitRef? Unit,
    string? Employer,
    string? Location,
    string? Postcode,
    string? Country,
    string? Region,
    SalaryInfo Salary,
    string? ContractType,
    string? WorkingPattern,
    DateOnly? PostedOn,
    DateOnly? ClosesOn,
    int? DaysLeft,
    string Status,
    string? Description,
    string? EmployerReference,
    ContactInfo? Contact,
    IReadOnlyList<ListingRef> Listings,
    DateTime FirstSeenAt,
    DateTime LastSeenAt,
    DateTime? ClosedAt,
    string? MatchReason,
    IReadOnlyList<UnitRef> CandidateUnits);

public sealed record CountryCount(string? Country, int Count);

public sealed record GradeCount(string? Grade, int Count);

public sealed record CountryGradeCount(string? Country, string? Grade, int Count);

public sealed record MonthCount(string Month, int Count);

public sealed record VacancyStats(
    int Open,
    IReadOnlyList<CountryCount> OpenByCountry,
    IReadOnlyList<GradeCount> OpenByGrade,
    IReadOnlyList<CountryGradeCount> OpenByCountryAndGrade,
    IReadOnlyList<MonthCount> TrainingPostsOpenedByMonth);

/// <summary>A vacancy with its primary listing and unit, as Dapper reads it; shaped into the records above.</summary>
internal sealed class VacancyRow
{
    public long Id { get; init; }
    public string Title { get; init; } = "";
    public string? Grade { get; init; }
    public string? Band { get; init; }
    public string? UnitSlug { get; init; }
    public string? UnitName { get; init; }
    public string? UnitCity { get; init; }
    public string? UnitRegion { get; init; }
    public string? UnitPostcode { get; init; }
    public double? UnitLat { get; init; }
    public double? UnitLon { get; init; }
    public string? Employer { get; init; }
    public string? Location { get; init; }
    public string? Postcode { get; init; }
    public string? Country { get; init; }
    public decimal? SalaryMin { get; init; }
    public decimal? SalaryMax { get; init; }
    public string? Currency { get; init; }
    public string? SalaryPeriod { get; init; }
    public string? SalaryText { get; init; }
    public string? ContractType { get; init; }
    public string? WorkingPattern { get; init; }
    public DateTime? PostedOn { get; init; }
    public DateTime? ClosesOn { get; init; }
    public int? DaysLeft { get; init; }
    public bool IsOpen { get; init; }
    public string? Description { get; init; }
    public string? EmployerReference { get; init; }
    public string? ContactName { get; init; }
    public string? ContactJobTitle { get; init; }
    public string? ContactEmail { get; init; }
    public string? ContactPhone { get; init; }
    public string Url { get; init; } = "";
    public string SourceRef { get; init; } = "";
    public DateTime FirstSeenAt { get; init; }
    public DateTime LastSeenAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime? ClosedAt { get; init; }
    public string? MatchReason { get; init; }
    public int[] CandidateUnitIds { get; init; } = [];
    public IReadOnlyList<UnitRef> CandidateUnits { get; set; } = [];

    /// <summary>The value the chosen sort orders by, written into the next page's cursor.</summary>
    public string? SortKey { get; init; }

    public IReadOnlyList<ListingRef> Listings { get; set; } = [];

    public UnitRef? Unit => UnitSlug is null ? null : new UnitRef(UnitSlug, UnitName ?? UnitSlug);

    public string Status => IsOpen ? "open" : "closed";

    public DateOnly? Posted => PostedOn is { } d ? DateOnly.FromDateTime(d) : null;

    public DateOnly? Closes => ClosesOn is { } d ? DateOnly.FromDateTime(d) : null;

    // A closed post has no days left; a negative count would only confuse.
    public int? DaysLeftIfOpen => IsOpen ? DaysLeft : null;

    public SalaryInfo Salary => new(SalaryMin, SalaryMax, Currency, SalaryPeriod, SalaryText);

    public ContactInfo? Contact => ContactName is null && ContactJobTitle is null && ContactEmail is null && ContactPhone is null
        ? null
        : new ContactInfo(ContactName, ContactJobTitle, ContactEmail, ContactPhone);

    public VacancyItem ToItem() => new(Id, Title, Grade, Band, Unit, Employer, Location, Country, Salary, ContractType, WorkingPattern,
        Posted, Closes, DaysLeftIfOpen, Status, Listings, FirstSeenAt, LastSeenAt);

    public VacancyDetail ToDetail() => new(Id, Title, Grade, Band, Unit, Employer, Location, Postcode ?? UnitPostcode, Country, UnitRegion, Salary,
        ContractType, WorkingPattern, Posted, Closes, DaysLeftIfOpen, Status, Description, EmployerReference, Contact, Listings,
        FirstSeenAt, LastSeenAt, ClosedAt, MatchReason, CandidateUnits);
}
