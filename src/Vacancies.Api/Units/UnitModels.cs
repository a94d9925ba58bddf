using System.Text.Json.Serialization;

namespace Vacancies.Units;

public sealed record GeoPoint(double Lat, double Lon);

public sealed record UnitSummary(
    string Slug,
    string Name,
    string Employer,
    string? City,
    string Country,
    string? Region,
    string? Postcode,
    GeoPoint? Location,
    IReadOnlyList<string> Services,
    string Sector,
    IReadOnlyList<string> UnverifiedFields,
    int OpenVacancies)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? DistanceKm { get; init; }
}

public sealed record UnitList(int Count, IReadOnlyList<UnitSummary> Units);

public sealed record UnitDetail(
    string Slug,
    string Name,
    string Employer,
    string? City,
    string Country,
    string? Region,
    string? Postcode,
    GeoPoint? Location,
    IReadOnlyList<string> Services,
    string Sector,
    string? OdsCode,
    IReadOnlyList<string> UnverifiedFields,
    string Provenance,
    string? Notes,
    int OpenVacancies,
    DateTime UpdatedAt)
{
    // What the unit's chief maintains (sql/006_chiefs.sql); PATCH /units/{slug} takes the same names.
    public UnitContact Contact { get; init; } = new(null, null, null, null);

    public string? Website { get; init; }

    public int? TeamSize { get; init; }

    public UnitTraining Training { get; init; } = new(null, null);

    public string? Visits { get; init; }

    public string? Description { get; init; }
}

public sealed record UnitContact(string? Name, string? JobTitle, string? Email, string? Phone);

public sealed record UnitTraining(bool? Offered, string? Intake);

/// <summary>A units row as Dapper reads it; the API shapes it into the records above.</summary>
internal sealed class UnitRow
{
    public int Id { get; init; }
    public string Slug { get; init; } = "";
    public string Name { get; init; } = "";
    public string Employer { get; init; } = "";
    public string? City { get; init; }
    public string Country { get; init; } = "";
    public string? Region { get; init; }
    public string? Postcode { get; init; }
    public double? Lat { get; init; }
    public double? Lon { get; init; }
    public string[] Services { get; init; } = [];
    public string Sector { get; init; } = "";
    public string? OdsCode { get; init; }
    public string[] UnverifiedFields { get; init; } = [];
    public string Provenance { get; init; } = "";
    public string? Notes { get; init; }
    public int OpenVacancies { get; init; }
    public double? DistanceKm { get; init; }
    public DateTime UpdatedAt { get; init; }
    public string? ContactName { get; init; }
    public string? ContactJobTitle { get; init; }
    public string? ContactEmail { get; init; }
    public string? ContactPhone { get; init; }
    public string? Website { get; init; }
    public int? TeamSize { get; init; }
    public bool? TrainingOffered { get; init; }
    public string? TrainingIntake { get; init; }
    public string? Visits { get; init; }
    public string? Description { get; init; }
    public int Version { get; init; }

    /// <summary>The entity tag a chief's PATCH must match: the version the chief last read.</summary>
    public string ETag => $"\"{Version}\"";

    public GeoPoint? Location => Lat is { } lat && Lon is { } lon ? new GeoPoint(lat, lon) : null;

    public UnitSummary ToSummary() => new(Slug, Name, Employer, City, Country, Region, Postcode, Location, Services, Sector, UnverifiedFields, OpenVacancies)
    {
        DistanceKm = DistanceKm is { } d ? Math.Round(d, 1) : null,
    };

    public UnitDetail ToDetail() => new(Slug, Name, Employer, City, Country, Region, Postcode, Location, Services, Sector, OdsCode, UnverifiedFields, Provenance, Notes, OpenVacancies, UpdatedAt)
    {
        Contact = new UnitContact(ContactName, ContactJobTitle, ContactEmail, ContactPhone),
        Website = Website,
        TeamSize = TeamSize,
        Training = new UnitTraining(TrainingOffered, TrainingIntake),
        Visits = Visits,
        Description = Description,
    };
}
