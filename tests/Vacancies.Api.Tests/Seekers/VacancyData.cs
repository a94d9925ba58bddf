using Dapper;
using Npgsql;
using Vacancies.Sweeps;

namespace Vacancies.Tests.Seekers;

/// <summary>A post as a test wants it stored: sensible defaults, every field overridable.</summary>
public sealed record Post
{
    public string Title { get; init; } = "Trainee Clinical Perfusion Scientist";
    public string? Grade { get; init; } = "trainee";
    public string? Band { get; init; } = "6";
    public string? Unit { get; init; } = "wythenshawe-hospital";
    public string? Country { get; init; } = "england";
    public string? Employer { get; init; } = "Manchester University NHS Foundation Trust";
    public string? Location { get; init; } = "Wythenshawe Hospital, Manchester";
    public string? Postcode { get; init; } = "M23 9LT";
    public string Source { get; init; } = "nhs-jobs";
    public string? SourceRef { get; init; }
    public decimal? SalaryMin { get; init; } = 37338m;
    public decimal? SalaryMax { get; init; } = 44962m;
    public string? Currency { get; init; } = "GBP";
    public string? SalaryPeriod { get; init; } = "year";
    public string? SalaryText { get; init; } = "£37,338 to £44,962 a year";
    public string? ContractType { get; init; } = "Permanent";
    public string? WorkingPattern { get; init; } = "Full time";
    public int? PostedDaysAgo { get; init; } = 3;
    public int? ClosesInDays { get; init; } = 14;
    public string Status { get; init; } = "open";
    public string Audience { get; init; } = "public";
    public string? Description { get; init; } = "A post in our perfusion team.";
    public string? ContactName { get; init; } = "Alex Example";
    public string? ContactEmail { get; init; } = "alex.example@nhs.example";
    public DateTimeOffset? FirstSeenAt { get; init; }

    /// <summary>Further boards carrying the same post.</summary>
    public IReadOnlyList<string> AlsoOn { get; init; } = [];
}

/// <summary>Writes vacancies and listings straight into the database, as a sweep would leave them.</summary>
public static class VacancyData
{
    private static int counter;

    public static DateOnly UkToday => UkCalendar.Today(TimeProvider.System);

    public static async Task<long> InsertAsync(NpgsqlDataSource dataSource, Post post)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        const string vacancySql = """
            insert into vacancies (unit_id, country, status, first_seen_at, last_seen_at, closed_at)
            values ((select id from units where slug = @Unit), @Country, @Status, @FirstSeen, @FirstSeen,
                    case when @Status = 'closed' then now() end)
            returning id
            """;
        var firstSeen = post.FirstSeenAt ?? DateTimeOffset.UtcNow.AddDays(-(post.PostedDaysAgo ?? 1));
        var id = await connection.ExecuteScalarAsync<long>(vacancySql, new { post.Unit, post.Country, post.Status, FirstSeen = firstSeen.UtcDateTime }, transaction);

        const string listingSql = """
            insert into listings (vacancy_id, source, source_ref, url, title, employer, location, postcode, salary_text, salary_min,
                salary_max, currency, salary_period, band, posted_on, closes_on, contract_type, working_pattern, grade, audience,
                description, contact_name, contact_email, status, first_seen_at, last_seen_at)
            values (@VacancyId, @Source, @SourceRef, @Url, @Title, @Employer, @Location, @Postcode, @SalaryText, @SalaryMin,
                @SalaryMax, @Currency, @SalaryPeriod, @Band, @PostedOn, @ClosesOn, @ContractType, @WorkingPattern, @Grade, @Audience,
                @Description, @ContactName, @ContactEmail, @Status, @FirstSeen, @FirstSeen)
            returning id
            """;
        long? primary = null;
        foreach (var source in new[] { post.Source }.Concat(post.AlsoOn))
        {
            var sourceRef = source == post.Source && post.SourceRef is not null ? post.SourceRef : $"T-{Interlocked.Increment(ref counter):D5}";
            var listingId = await connection.ExecuteScalarAsync<long>(listingSql, new
            {
                VacancyId = id,
                Source = source,
                SourceRef = sourceRef,
                Url = $"https://{source}.example/advert/{sourceRef}",
                post.Title,
                post.Employer,
                post.Location,
                post.Postcode,
                post.SalaryText,
                post.SalaryMin,
                post.SalaryMax,
                post.Currency,
                post.SalaryPeriod,
                post.Band,
                PostedOn = post.PostedDaysAgo is { } ago ? UkToday.AddDays(-ago).ToDateTime(TimeOnly.MinValue) : (DateTime?)null,
                ClosesOn = post.ClosesInDays is { } days ? UkToday.AddDays(days).ToDateTime(TimeOnly.MinValue) : (DateTime?)null,
                post.ContractType,
                post.WorkingPattern,
                post.Grade,
                post.Audience,
                post.Description,
                post.ContactName,
                post.ContactEmail,
                post.Status,
                FirstSeen = firstSeen.UtcDateTime,
            }, transaction);
            primary ??= listingId;
        }

        await connection.ExecuteAsync("update vacancies set primary_listing_id = @primary where id = @id", new { primary, id }, transaction);
        await transaction.CommitAsync();
        return id;
    }

    public static async Task<List<long>> InsertAsync(NpgsqlDataSource dataSource, params Post[] posts)
    {
        var ids = new List<long>();
        foreach (var post in posts)
        {
            ids.Add(await InsertAsync(dataSource, post));
        }

        return ids;
    }
}
