using System.Security.Cryptography;
using System.Text;
using Vacancies.Boards;

namespace Vacancies.Sweeps;

public enum SweepOutcome { Running, Succeeded, Partial, Failed, Blocked }

/// <summary>What a sweep did: the row of `sweeps` it writes, and what `scrape --once` prints.</summary>
public sealed record SweepReport
{
    public long Id { get; init; }
    public required string Source { get; init; }
    public string Node { get; init; } = "";
    public SweepOutcome Outcome { get; init; }
    public string? Path { get; init; }
    public int Requests { get; init; }
    public int Pages { get; init; }
    public int PostsSeen { get; init; }
    public int PerfusionPosts { get; init; }
    public int New { get; init; }
    public int Updated { get; init; }
    public int Closed { get; init; }
    public int Unmatched { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    public string Summary() =>
        $"{Source}: {Outcome.ToString().ToLowerInvariant()}{(Path is null ? "" : $" via {Path}")} - requests {Requests}, pages {Pages}, posts seen {PostsSeen}, " +
        $"perfusion posts {PerfusionPosts}, new {New}, updated {Updated}, closed {Closed}, unmatched {Unmatched}" +
        (Error is null ? "" : $"{Environment.NewLine}  {Error}");
}

/// <summary>A perfusion listing ready to store: the board's fields (the advert's where it was read),
/// the list page's fingerprint, and its unit match.</summary>
public sealed record IncomingListing(
    ParsedVacancy Vacancy,
    string ListHash,
    bool AdvertRead,
    bool TouchOnly,
    int? UnitId,
    IReadOnlyList<int> CandidateUnitIds,
    string? MatchReason,
    string? Country,
    long? SameAsVacancyId = null);

public static class ListingFingerprint
{
    /// <summary>A hash of what a list page says about a listing: when it changes, the advert is read again.</summary>
    public static string Of(ParsedVacancy listing)
    {
        var fields = string.Join('\u001f',
            listing.Url, listing.Title, listing.Employer, listing.Location, listing.Postcode, listing.Salary.Text,
            listing.Band, listing.PostedOn?.ToString("O"), listing.ClosesOn?.ToString("O"), listing.ContractType,
            listing.WorkingPattern, listing.Audience?.ToString());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fields)))[..32];
    }

    /// <summary>The listing as its advert page describes it, falling back to the list page where the advert is silent.</summary>
    public static ParsedVacancy Merge(ParsedVacancy fromList, ParsedVacancy fromAdvert) => fromAdvert with
    {
        SourceRef = fromList.SourceRef,
        Url = fromList.Url,
        Title = fromAdvert.Title,
        Employer = fromAdvert.Employer ?? fromList.Employer,
        Location = fromAdvert.Location ?? fromList.Location,
        Postcode = fromAdvert.Postcode ?? fromList.Postcode,
        Salary = fromAdvert.Salary.Text is null ? fromList.Salary : fromAdvert.Salary,
        Band = fromAdvert.Band ?? fromList.Band,
        PostedOn = fromAdvert.PostedOn ?? fromList.PostedOn,
        ClosesOn = fromAdvert.ClosesOn ?? fromList.ClosesOn,
        ContractType = fromAdvert.ContractType ?? fromList.ContractType,
        WorkingPattern = fromAdvert.WorkingPattern ?? fromList.WorkingPattern,
        Audience = fromAdvert.Audience ?? fromList.Audience,
        IsPerfusion = fromAdvert.IsPerfusion || fromList.IsPerfusion,
        Grade = PerfusionRules.GradeOf(fromAdvert.Title, fromAdvert.Band ?? fromList.Band) ?? fromList.Grade,
    };
}
