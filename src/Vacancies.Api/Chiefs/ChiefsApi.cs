using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Vacancies.Caching;
using Vacancies.Http;
using Vacancies.Sweeps;
using Vacancies.Units;

namespace Vacancies.Chiefs;

public sealed record AuditList(int Count, IReadOnlyList<AuditRecord> Entries);

/// <summary>
/// What a unit's chief (or an operator) may change. Every endpoint needs a bearer token (401), of this
/// unit or an admin's (403); every change is written with its audit entry in one transaction.
/// PATCH /units/{slug} needs If-Match: without it 428, so no client can overwrite unseen by omission.
/// </summary>
public static class ChiefsApi
{
    private static readonly string[] PatchTypes = [JsonBody.MergePatch, JsonBody.Json];
    private static readonly string[] PostTypes = [JsonBody.Json];

    public static RouteGroupBuilder MapChiefs(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/units/{slug}").WithTags("Chiefs").RequireAuthorization(ChiefClaims.Policy).EvictsPublicData();
        // No Accepts metadata: routing would answer a wrong media type with 415 before authentication,
        // so JsonBody checks the media type after the token has been.
        group.MapPatch("", PatchUnit).WithName("PatchUnit").WithMetadata(ChiefsSetup.WriteEndpoint.Instance);
        group.MapPost("/vacancies", CreateListing).WithName("CreateDirectListing").WithMetadata(ChiefsSetup.WriteEndpoint.Instance);
        group.MapPatch("/vacancies/{id:long}", PatchListing).WithName("PatchDirectListing").WithMetadata(ChiefsSetup.WriteEndpoint.Instance);
        group.MapDelete("/vacancies/{id:long}", CloseListing).WithName("CloseDirectListing").WithMetadata(ChiefsSetup.WriteEndpoint.Instance);
        group.MapGet("/audit", GetAudit).WithName("GetUnitAudit");
        return group;
    }

    /// <summary>The unit a chief asks to act on: 404 when there is none, 403 when the token is another unit's.</summary>
    private static async Task<(UnitRow Unit, ProblemHttpResult? Refused)> UnitOfChiefAsync(
        NpgsqlDataSource dataSource, string slug, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var unit = await UnitsApi.FindAsync(dataSource, slug, cancellationToken);
        if (unit is null)
        {
            return (null!, Problems.NotFound($"No unit has the slug '{slug}'."));
        }

        return ChiefClaims.MayActOn(user, unit.Id) ? (unit, null) : (unit, Problems.Forbidden());
    }

    private static async Task<Results<Ok<UnitDetail>, ProblemHttpResult, ValidationProblem>> PatchUnit(
        string slug, HttpRequest request, HttpResponse response, ClaimsPrincipal user, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var (unit, refused) = await UnitOfChiefAsync(dataSource, slug, user, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var body = await JsonBody.ReadObjectAsync(request, PatchTypes, cancellationToken);
        if (body.Problem is { } bodyProblem)
        {
            return bodyProblem;
        }

        var ifMatch = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return Problems.Status(StatusCodes.Status428PreconditionRequired, "Precondition required",
                "Send If-Match with the ETag of the unit as you last read it (GET /units/{slug}).");
        }

        var errors = new FieldErrors();
        var patch = UnitPatch.Read(body.Root, errors);
        if (errors.HasErrors)
        {
            return errors.Problem();
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        const string lockSql = "select version from units where id = @Id for update";
        var version = await connection.ExecuteScalarAsync<int>(new CommandDefinition(lockSql, new { unit.Id }, transaction, cancellationToken: cancellationToken));
        var current = $"\"{version}\"";
        if (!ifMatch.Split(',', StringSplitOptions.TrimEntries).Any(tag => tag == "*" || tag == current))
        {
            response.Headers.ETag = current;
            return Problems.Status(StatusCodes.Status412PreconditionFailed, "Precondition failed",
                "The unit changed since you read it: read it again, reapply your change and send the new ETag.");
        }

        if (patch.Columns.Count > 0)
        {
            var before = UnitPatch.Snapshot((await ReadUnitAsync(connection, transaction, unit.Id, cancellationToken)).ToDetail());
            var parameters = new DynamicParameters(new { unit.Id, confirmed = patch.Confirmed.ToArray() });
            var set = new StringBuilder();
            foreach (var (column, value) in patch.Columns)
            {
                // Column names come from UnitPatch's fixed list; values are always parameters.
                set.Append(CultureInfo.InvariantCulture, $"{column} = @{column}, ");
                parameters.Add(column, value);
            }

            var update = $"""
                update units set {set}
                    unverified_fields = array(select f from unnest(unverified_fields) with ordinality as t(f, n) where f <> all(@confirmed) order by n),
                    confirmed_fields = array(select distinct f from unnest(confirmed_fields || @confirmed) as f order by f),
                    version = version + 1,
                    updated_at = now()
                where id = @Id
                """;
            await connection.ExecuteAsync(new CommandDefinition(update, parameters, transaction, cancellationToken: cancellationToken));
            var after = UnitPatch.Snapshot((await ReadUnitAsync(connection, transaction, unit.Id, cancellationToken)).ToDetail());
            var (changedBefore, changedAfter) = AuditLog.Diff(before, after);
            await AuditLog.WriteAsync(connection, transaction, new AuditEntry(unit.Id, ChiefClaims.Token(user), ChiefClaims.Actor(user), "update", "unit", slug, changedBefore, changedAfter), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        var updated = (await UnitsApi.FindAsync(dataSource, slug, cancellationToken))!;
        response.Headers.ETag = updated.ETag;
        return TypedResults.Ok(updated.ToDetail());
    }

    private static async Task<Results<Created<DirectListingView>, ProblemHttpResult, ValidationProblem>> CreateListing(
        string slug, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource dataSource, TimeProvider time, CancellationToken cancellationToken)
    {
        var (unit, refused) = await UnitOfChiefAsync(dataSource, slug, user, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var body = await JsonBody.ReadObjectAsync(request, PostTypes, cancellationToken);
        if (body.Problem is { } bodyProblem)
        {
            return bodyProblem;
        }

        var errors = new FieldErrors();
        var listing = DirectListing.Empty.Apply(body.Root, UkCalendar.Today(time), errors);
        if (errors.HasErrors)
        {
            return errors.Problem();
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, new
        {
            unitId = unit.Id,
            unit.Country,
            sourceRef = "direct-" + Guid.NewGuid().ToString("N"),
            url = listing.Url,
            listing.Title,
            unit.Employer,
            location = unit.City,
            unit.Postcode,
            salaryText = listing.Salary?.Text,
            salaryMin = listing.Salary?.Min,
            salaryMax = listing.Salary?.Max,
            currency = listing.Salary?.Currency,
            salaryPeriod = listing.Salary?.Period,
            listing.Band,
            postedOn = UkCalendar.Today(time),
            listing.ClosesOn,
            listing.Grade,
            listing.Description,
        }, transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(connection, transaction, new AuditEntry(unit.Id, ChiefClaims.Token(user), ChiefClaims.Actor(user), "create", "vacancy",
            id.ToString(CultureInfo.InvariantCulture), null, listing.Snapshot()), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var view = (await ReadListingAsync(connection, null, unit.Id, id, cancellationToken))!.ToView();
        return TypedResults.Created((string?)null, view);
    }

    private static async Task<Results<Ok<DirectListingView>, ProblemHttpResult, ValidationProblem>> PatchListing(
        string slug, long id, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource dataSource, TimeProvider time, CancellationToken cancellationToken)
    {
        var (unit, refused) = await UnitOfChiefAsync(dataSource, slug, user, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var body = await JsonBody.ReadObjectAsync(request, PatchTypes, cancellationToken);
        if (body.Problem is { } bodyProblem)
        {
            return bodyProblem;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (row, notEditable) = await DirectListingAsync(connection, transaction, slug, unit.Id, id, "edited", cancellationToken);
        if (notEditable is not null)
        {
            return notEditable;
        }

        if (row.Status != "open")
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Conflict", $"Vacancy {id} is closed; list the post again instead.");
        }

        var errors = new FieldErrors();
        var before = row.ToListing();
        var after = before.Apply(body.Root, UkCalendar.Today(time), errors);
        if (errors.HasErrors)
        {
            return errors.Problem();
        }

        var (changedBefore, changedAfter) = AuditLog.Diff(before.Snapshot(), after.Snapshot());
        if (changedAfter.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(UpdateSql, new
            {
                row.ListingId,
                url = after.Url,
                after.Title,
                salaryText = after.Salary?.Text,
                salaryMin = after.Salary?.Min,
                salaryMax = after.Salary?.Max,
                currency = after.Salary?.Currency,
                salaryPeriod = after.Salary?.Period,
                after.Band,
                after.ClosesOn,
                after.Grade,
                after.Description,
                before = changedBefore.ToJsonString(),
                after = changedAfter.ToJsonString(),
            }, transaction, cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(connection, transaction, new AuditEntry(unit.Id, ChiefClaims.Token(user), ChiefClaims.Actor(user), "update", "vacancy",
                id.ToString(CultureInfo.InvariantCulture), changedBefore, changedAfter), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok((await ReadListingAsync(connection, null, unit.Id, id, cancellationToken))!.ToView());
    }

    /// <summary>Closes the listing and keeps it: a post is never deleted without trace.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> CloseListing(
        string slug, long id, ClaimsPrincipal user, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var (unit, refused) = await UnitOfChiefAsync(dataSource, slug, user, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (row, notClosable) = await DirectListingAsync(connection, transaction, slug, unit.Id, id, "closed", cancellationToken);
        if (notClosable is not null)
        {
            return notClosable;
        }

        if (row.Status == "open")
        {
            await connection.ExecuteAsync(new CommandDefinition(CloseSql, new { row.ListingId, VacancyId = id }, transaction, cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(connection, transaction, new AuditEntry(unit.Id, ChiefClaims.Token(user), ChiefClaims.Actor(user), "close", "vacancy",
                id.ToString(CultureInfo.InvariantCulture), new() { ["status"] = "open" }, new() { ["status"] = "closed" }), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<AuditList>, ProblemHttpResult, ValidationProblem>> GetAudit(
        string slug, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var query = new QueryReader(request.Query);
        var limit = query.Int("limit", 1, 500) ?? 100;
        if (query.HasErrors)
        {
            return query.Problem();
        }

        var (unit, refused) = await UnitOfChiefAsync(dataSource, slug, user, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var entries = await AuditLog.ForUnitAsync(dataSource, unit.Id, limit, cancellationToken);
        return TypedResults.Ok(new AuditList(entries.Count, entries));
    }

    private static async Task<UnitRow> ReadUnitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int id, CancellationToken cancellationToken)
    {
        const string sql = """
            select services, contact_name, contact_job_title, contact_email, contact_phone, website, team_size,
                   training_offered, training_intake, visits, description
            from units where id = @id
            """;
        return await connection.QuerySingleAsync<UnitRow>(new CommandDefinition(sql, new { id }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>The unit's own direct listing with this id, read in the transaction: 404 when the unit has no such
    /// vacancy, 409 when it came from a board (only the board changes its listings). The row is set when the refusal is null.</summary>
    private static async Task<(ListingRow Row, ProblemHttpResult? Refused)> DirectListingAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string slug, int unitId, long id, string change, CancellationToken cancellationToken)
    {
        var row = await ReadListingAsync(connection, transaction, unitId, id, cancellationToken);
        if (row is null)
        {
            return (null!, Problems.NotFound($"Unit '{slug}' has no vacancy {id}."));
        }

        return row.Source == "direct"
            ? (row, null)
            : (row, Problems.Status(StatusCodes.Status409Conflict, "Conflict", $"Vacancy {id} comes from the board '{row.Source}'; only the unit's own direct listings can be {change}."));
    }

    private static async Task<ListingRow?> ReadListingAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, int unitId, long id, CancellationToken cancellationToken)
    {
        var sql = $"""
            select v.id as VacancyId, l.id as ListingId, l.source, l.status, l.title, l.grade, l.band, l.salary_min, l.salary_max,
                   l.currency, l.salary_period, l.salary_text, l.closes_on, l.url, l.description, l.posted_on
            from vacancies v join listings l on l.id = v.primary_listing_id
            where v.id = @id and v.unit_id = @unitId
            {(transaction is null ? "" : "for update of v, l")}
            """;
        return await connection.QuerySingleOrDefaultAsync<ListingRow>(new CommandDefinition(sql, new { id, unitId }, transaction, cancellationToken: cancellationToken));
    }

    private const string InsertSql = """
        with ids as materialized (
            select nextval(pg_get_serial_sequence('vacancies', 'id')) as vacancy_id,
                   nextval(pg_get_serial_sequence('listings', 'id')) as listing_id
        ), vacancy as (
            insert into vacancies (id, unit_id, match_reason, country, primary_listing_id)
            overriding system value
            select vacancy_id, @unitId, 'listed by the unit', @country, listing_id from ids
        ), listing as (
            insert into listings (id, vacancy_id, source, source_ref, url, title, employer, location, postcode, salary_text, salary_min,
                                  salary_max, currency, salary_period, band, posted_on, closes_on, grade, audience, description)
            overriding system value
            select listing_id, vacancy_id, 'direct', @sourceRef, @url, @title, @employer, @location, @postcode, @salaryText, @salaryMin,
                   @salaryMax, @currency, @salaryPeriod, @band, @postedOn, @closesOn, @grade, 'public', @description
            from ids
            returning id
        ), history as (
            insert into listing_changes (listing_id, kind) select id, 'created' from listing
        )
        select vacancy_id from ids
        """;

    private const string UpdateSql = """
        with changed as (
            update listings set url = @url, title = @title, salary_text = @salaryText, salary_min = @salaryMin, salary_max = @salaryMax,
                   currency = @currency, salary_period = @salaryPeriod, band = @band, closes_on = @closesOn, grade = @grade,
                   description = @description, last_seen_at = now()
            where id = @ListingId
            returning vacancy_id
        ), touched as (
            update vacancies set updated_at = now(), last_seen_at = now() where id in (select vacancy_id from changed)
        )
        insert into listing_changes (listing_id, kind, before, after) values (@ListingId, 'updated', @before::jsonb, @after::jsonb)
        """;

    private const string CloseSql = """
        with listing as (
            update listings set status = 'closed', closed_reason = 'closed by the unit', closed_at = now() where id = @ListingId
        ), vacancy as (
            update vacancies set status = 'closed', closed_at = now(), updated_at = now() where id = @VacancyId
        )
        insert into listing_changes (listing_id, kind, before, after)
        values (@ListingId, 'closed', '{"status": "open"}', '{"status": "closed", "reason": "closed by the unit"}')
        """;

    private sealed class ListingRow
    {
        public long VacancyId { get; init; }
        public long ListingId { get; init; }
        public string Source { get; init; } = "";
        public string Status { get; init; } = "";
        public string Title { get; init; } = "";
        public string? Grade { get; init; }
        public string? Band { get; init; }
        public decimal? SalaryMin { get; init; }
        public decimal? SalaryMax { get; init; }
        public string? Currency { get; init; }
        public string? SalaryPeriod { get; init; }
        public string? SalaryText { get; init; }
        public DateTime? ClosesOn { get; init; }
        public string Url { get; init; } = "";
        public string? Description { get; init; }
        public DateTime? PostedOn { get; init; }

        private DirectSalary? Salary => SalaryMin is null && SalaryMax is null && Currency is null && SalaryPeriod is null && SalaryText is null
            ? null
            : new DirectSalary(SalaryMin, SalaryMax, Currency, SalaryPeriod, SalaryText);

        public DirectListing ToListing() => new(Title, Grade, Band, Salary, ClosesOn is { } c ? DateOnly.FromDateTime(c) : null, DirectListing.HowToApplyOf(Url), Description);

        public DirectListingView ToView() => new(VacancyId, Status, Source, Title, Grade, Band, Salary,
            ClosesOn is { } c ? DateOnly.FromDateTime(c) : null, DirectListing.HowToApplyOf(Url), Description, PostedOn is { } p ? DateOnly.FromDateTime(p) : null);
    }
}
