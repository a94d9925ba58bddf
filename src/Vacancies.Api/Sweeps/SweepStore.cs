using Dapper;
using Npgsql;
using NpgsqlTypes;
using Vacancies.Boards;

namespace Vacancies.Sweeps;

/// <summary>
/// Writes a sweep's listings in one transaction, set-based: the rows are copied into a temporary
/// table and merged with SQL, so a sweep of any size is a handful of statements. Changes are kept in
/// listing_changes; closing happens only for a complete sweep.
/// </summary>
public sealed class SweepStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>The columns a board states about a listing, compared to tell an edit and kept in history.</summary>
    private static readonly string[] TrackedColumns =
    [
        "url", "title", "employer", "location", "postcode", "salary_text", "salary_min", "salary_max", "currency",
        "salary_period", "band", "posted_on", "closes_on", "contract_type", "working_pattern", "grade", "audience",
        "description", "employer_reference", "contact_name", "contact_job_title", "contact_email", "contact_phone",
    ];

    public sealed record SaveResult(int New, int Updated, int Closed, int Unmatched);

    /// <summary>Records the start of a sweep: the queued row an API request made, or a new one. Runs of
    /// this source still marked running are from a node that stopped mid-sweep (the caller holds the
    /// source's lock), so they are closed as failed; their data was never committed.</summary>
    public async Task<long> BeginAsync(string source, string node, string trigger, long? queuedId, DateTimeOffset? scheduledFor, CancellationToken cancellationToken)
    {
        const string closeStale = """
            update sweeps set outcome = 'failed', finished_at = @now, error = 'abandoned: its node stopped during the sweep; nothing was written'
            where source = @source and outcome = 'running'
            """;
        const string startQueued = """
            update sweeps set outcome = 'running', node = @node, started_at = @now
            where id = @queuedId and source = @source and outcome = 'queued'
            returning id
            """;
        const string insert = """
            insert into sweeps (source, node, trigger, started_at, scheduled_for) values (@source, @node, @trigger, @now, @scheduledFor)
            on conflict (source, scheduled_for) where scheduled_for is not null do nothing
            returning id
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new { source, node, trigger, queuedId, scheduledFor, now = time.GetUtcNow() };
        await connection.ExecuteAsync(new CommandDefinition(closeStale, parameters, cancellationToken: cancellationToken));
        var id = queuedId is null
            ? await connection.ExecuteScalarAsync<long?>(new CommandDefinition(insert, parameters, cancellationToken: cancellationToken))
            : await connection.ExecuteScalarAsync<long?>(new CommandDefinition(startQueued, parameters, cancellationToken: cancellationToken));
        return id ?? throw new SweepAlreadyRunningException(source);
    }

    /// <summary>Records a sweep asked for through the API, before a scheduler node picks it up.</summary>
    public async Task<long> QueueAsync(string source, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into sweeps (source, node, trigger, outcome, started_at) values (@source, '', 'api', 'queued', @now)
            returning id
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, new { source, now = time.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    public async Task FinishAsync(SweepReport report, CancellationToken cancellationToken)
    {
        const string sql = """
            update sweeps set
                finished_at = @finishedAt, outcome = @outcome, path = @Path, requests = @Requests, pages = @Pages,
                posts_seen = @PostsSeen, perfusion_posts = @PerfusionPosts, new_count = @New, updated_count = @Updated,
                closed_count = @Closed, unmatched = @Unmatched, error = @Error
            where id = @Id
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            report.Id,
            finishedAt = report.FinishedAt ?? time.GetUtcNow(),
            outcome = report.Outcome.ToString().ToLowerInvariant(),
            report.Path,
            report.Requests,
            report.Pages,
            report.PostsSeen,
            report.PerfusionPosts,
            report.New,
            report.Updated,
            report.Closed,
            report.Unmatched,
            Error = report.Error is { Length: > 4000 } error ? error[..4000] : report.Error,
        }, cancellationToken: cancellationToken));
    }

    public sealed record OpenPost(long VacancyId, SamePost.Facts Facts);

    /// <summary>The open vacancies of these units that no listing of this board carries yet: the posts a
    /// new listing from this board may be another advert of.</summary>
    public async Task<IReadOnlyList<OpenPost>> OpenPostsElsewhereAsync(string source, IReadOnlyCollection<int> unitIds, CancellationToken cancellationToken)
    {
        const string sql = """
            select v.id as VacancyId, v.unit_id as UnitId, pl.grade, pl.title, pl.posted_on as PostedOn, pl.closes_on as ClosesOn,
                   (select min(x.employer_reference) from listings x where x.vacancy_id = v.id) as EmployerReference
            from vacancies v join listings pl on pl.id = v.primary_listing_id
            where v.status = 'open' and v.unit_id = any(@unitIds)
              and not exists (select 1 from listings x where x.vacancy_id = v.id and x.source = @source)
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<OpenPostRow>(new CommandDefinition(sql, new { source, unitIds = unitIds.ToArray() }, cancellationToken: cancellationToken));
        return rows.Select(r => new OpenPost(r.VacancyId, new SamePost.Facts(r.UnitId, r.Grade, r.Title, r.PostedOn, r.ClosesOn, r.EmployerReference))).ToList();
    }

    private sealed class OpenPostRow
    {
        public long VacancyId { get; init; }
        public int? UnitId { get; init; }
        public string? Grade { get; init; }
        public string Title { get; init; } = "";
        public DateOnly? PostedOn { get; init; }
        public DateOnly? ClosesOn { get; init; }
        public string? EmployerReference { get; init; }
    }

    public sealed record KnownListing(string SourceRef, string? ListHash, bool AdvertRead);

    /// <summary>What is already stored of these listings, to decide which adverts need reading.</summary>
    public async Task<IReadOnlyDictionary<string, KnownListing>> KnownAsync(string source, IReadOnlyCollection<string> refs, CancellationToken cancellationToken)
    {
        const string sql = """
            select source_ref as SourceRef, list_hash as ListHash, advert_fetched_at is not null as AdvertRead
            from listings where source = @source and source_ref = any(@refs)
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<KnownListing>(new CommandDefinition(sql, new { source, refs = refs.ToArray() }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.SourceRef, StringComparer.Ordinal);
    }

    /// <summary>Stores what a sweep read. <paramref name="complete"/> says every page was read and the
    /// board's count agreed: only then are listings the sweep did not see closed, with those whose closing
    /// date has passed.</summary>
    public async Task<SaveResult> SaveAsync(long sweepId, string source, IReadOnlyList<IncomingListing> listings, bool complete, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = UkCalendar.Today(time);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var parameters = new { source, sweep = sweepId, now, today };

        await connection.ExecuteAsync(new CommandDefinition(CreateIncoming, transaction: transaction, cancellationToken: cancellationToken));
        await CopyAsync(connection, listings, cancellationToken);

        var updated = await connection.ExecuteScalarAsync<int>(new CommandDefinition(UpdateChanged, parameters, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(TouchSeen, parameters, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(MatchUnmatched, parameters, transaction, cancellationToken: cancellationToken));
        var created = await connection.ExecuteScalarAsync<int>(new CommandDefinition(InsertNew, parameters, transaction, cancellationToken: cancellationToken));
        var closed = 0;
        if (complete)
        {
            closed = await connection.ExecuteScalarAsync<int>(new CommandDefinition(CloseAbsentAndExpired, parameters, transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(RollUpVacancies, parameters, transaction, cancellationToken: cancellationToken));
        var unmatched = await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountUnmatched, parameters, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new SaveResult(created, updated, closed, unmatched);
    }

    /// <summary>The temporary table a save copies its rows into; the ingest benchmark copies into it alone, as its floor.</summary>
    internal const string CreateIncoming = """
        create temporary table incoming (
            source_ref text not null, url text not null, title text not null, employer text, location text, postcode text,
            salary_text text, salary_min numeric(12, 2), salary_max numeric(12, 2), currency text, salary_period text, band text,
            posted_on date, closes_on date, contract_type text, working_pattern text, grade text, audience text not null,
            description text, employer_reference text, contact_name text, contact_job_title text, contact_email text,
            contact_phone text, list_hash text not null, advert_read boolean not null, touch_only boolean not null,
            unit_id int, candidate_unit_ids int[] not null, match_reason text, country text, same_as_vacancy_id bigint
        ) on commit drop
        """;

    internal static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<IncomingListing> listings, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync("copy incoming from stdin (format binary)", cancellationToken);
        foreach (var incoming in listings)
        {
            var v = incoming.Vacancy;
            var contact = v.Advert?.Contact ?? Contact.Empty;
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(v.SourceRef, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(v.Url, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(v.Title, NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(writer, v.Employer, cancellationToken);
            await WriteAsync(writer, v.Location, cancellationToken);
            await WriteAsync(writer, v.Postcode, cancellationToken);
            await WriteAsync(writer, v.Salary.Text, cancellationToken);
            await WriteAsync(writer, v.Salary.Min, cancellationToken);
            await WriteAsync(writer, v.Salary.Max, cancellationToken);
            await WriteAsync(writer, v.Salary.Currency, cancellationToken);
            await WriteAsync(writer, v.Salary.Period is { } period ? PageJson.PeriodName(period) : null, cancellationToken);
            await WriteAsync(writer, v.Band, cancellationToken);
            await WriteAsync(writer, v.PostedOn, cancellationToken);
            await WriteAsync(writer, v.ClosesOn, cancellationToken);
            await WriteAsync(writer, v.ContractType, cancellationToken);
            await WriteAsync(writer, v.WorkingPattern, cancellationToken);
            await WriteAsync(writer, v.Grade is { } grade ? PageJson.GradeName(grade) : null, cancellationToken);
            await writer.WriteAsync(v.Audience is { } audience ? PageJson.AudienceName(audience) : "public", NpgsqlDbType.Text, cancellationToken);
            await WriteAsync(writer, v.Advert?.Description, cancellationToken);
            await WriteAsync(writer, v.Advert?.EmployerReference, cancellationToken);
            await WriteAsync(writer, contact.Name, cancellationToken);
            await WriteAsync(writer, contact.JobTitle, cancellationToken);
            await WriteAsync(writer, contact.Email, cancellationToken);
            await WriteAsync(writer, contact.Phone, cancellationToken);
            await writer.WriteAsync(incoming.ListHash, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(incoming.AdvertRead, NpgsqlDbType.Boolean, cancellationToken);
            await writer.WriteAsync(incoming.TouchOnly, NpgsqlDbType.Boolean, cancellationToken);
            if (incoming.UnitId is { } unitId)
            {
                await writer.WriteAsync(unitId, NpgsqlDbType.Integer, cancellationToken);
            }
            else
            {
                await writer.WriteNullAsync(cancellationToken);
            }

            await writer.WriteAsync(incoming.CandidateUnitIds.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer, cancellationToken);
            await WriteAsync(writer, incoming.MatchReason, cancellationToken);
            await WriteAsync(writer, incoming.Country, cancellationToken);
            if (incoming.SameAsVacancyId is { } vacancyId)
            {
                await writer.WriteAsync(vacancyId, NpgsqlDbType.Bigint, cancellationToken);
            }
            else
            {
                await writer.WriteNullAsync(cancellationToken);
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static Task WriteAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static Task WriteAsync(NpgsqlBinaryImporter writer, decimal? value, CancellationToken cancellationToken) =>
        value is { } number ? writer.WriteAsync(number, NpgsqlDbType.Numeric, cancellationToken) : writer.WriteNullAsync(cancellationToken);

    private static Task WriteAsync(NpgsqlBinaryImporter writer, DateOnly? value, CancellationToken cancellationToken) =>
        value is { } date ? writer.WriteAsync(date, NpgsqlDbType.Date, cancellationToken) : writer.WriteNullAsync(cancellationToken);

    // Where the advert was read, it is the truth, even for a field it now leaves out; where only the list
    // page was read, a field it does not show keeps what the advert said before.
    private static readonly string NextValues = string.Join(",\n", TrackedColumns.Select(c => $"case when i.advert_read then i.{c} else coalesce(i.{c}, l.{c}) end as {c}"));

    private static readonly string UpdateChanged = $"""
        with next as (
            select l.id, {NextValues}
            from incoming i join listings l on l.source = @source and l.source_ref = i.source_ref
            where not i.touch_only
        ), diff as (
            select n.*,
                   jsonb_build_object({string.Join(", ", TrackedColumns.Select(c => $"'{c}', l.{c}"))}) as before_row,
                   jsonb_build_object({string.Join(", ", TrackedColumns.Select(c => $"'{c}', n.{c}"))}) as after_row
            from next n join listings l on l.id = n.id
            where ({string.Join(", ", TrackedColumns.Select(c => "l." + c))}) is distinct from ({string.Join(", ", TrackedColumns.Select(c => "n." + c))})
        ), history as (
            insert into listing_changes (listing_id, sweep_id, changed_at, kind, before, after)
            select d.id, @sweep, @now, 'updated',
                   (select jsonb_object_agg(b.key, b.value) from jsonb_each(d.before_row) b where b.value is distinct from d.after_row -> b.key),
                   (select jsonb_object_agg(a.key, a.value) from jsonb_each(d.after_row) a where a.value is distinct from d.before_row -> a.key)
            from diff d
        ), changed as (
            update listings l set {string.Join(", ", TrackedColumns.Select(c => $"{c} = d.{c}"))}
            from diff d where l.id = d.id
            returning l.id
        )
        select count(*)::int from changed
        """;

    private const string TouchSeen = """
        with reopened as (
            insert into listing_changes (listing_id, sweep_id, changed_at, kind, before, after)
            select l.id, @sweep, @now, 'reopened', jsonb_build_object('status', 'closed', 'reason', l.closed_reason), jsonb_build_object('status', 'open')
            from incoming i join listings l on l.source = @source and l.source_ref = i.source_ref
            where l.status = 'closed'
        )
        update listings l set
            last_seen_at = @now,
            last_sweep_id = @sweep,
            list_hash = i.list_hash,
            advert_fetched_at = case when i.advert_read then @now else l.advert_fetched_at end,
            status = 'open', closed_reason = null, closed_at = null
        from incoming i
        where l.source = @source and l.source_ref = i.source_ref
        """;

    // A vacancy left without a unit is matched again each time its board lists it: an alias added as data,
    // or an advert read since, may settle it. A unit once matched is never changed by a sweep.
    private const string MatchUnmatched = """
        update vacancies v set
            unit_id = i.unit_id, candidate_unit_ids = i.candidate_unit_ids, match_reason = i.match_reason,
            country = coalesce(i.country, v.country), updated_at = @now
        from incoming i
        join listings l on l.source = @source and l.source_ref = i.source_ref
        where v.id = l.vacancy_id and v.primary_listing_id = l.id and v.unit_id is null
          and (i.unit_id is not null or i.candidate_unit_ids is distinct from v.candidate_unit_ids)
        """;

    private static readonly string InsertNew = $"""
        with fresh as materialized (
            select i.*,
                   coalesce(i.same_as_vacancy_id, nextval(pg_get_serial_sequence('vacancies', 'id'))) as new_vacancy_id,
                   nextval(pg_get_serial_sequence('listings', 'id')) as new_listing_id
            from incoming i
            where not exists (select 1 from listings l where l.source = @source and l.source_ref = i.source_ref)
            -- The sort reads every new row before the first is inserted. Without it the CTE runs interleaved with
            -- the insert below, and where the planner expects few listings (a first sweep) its scan of listings
            -- rereads every row this statement already inserted: quadratic (10,000 new listings: 2.4 s of 2.8).
            order by i.source_ref
        ), vacancy as (
            insert into vacancies (id, unit_id, candidate_unit_ids, match_reason, country, primary_listing_id, first_seen_at, last_seen_at, updated_at)
            overriding system value
            select new_vacancy_id, unit_id, candidate_unit_ids, match_reason, country, new_listing_id, @now, @now, @now
            from fresh where same_as_vacancy_id is null
        ), listing as (
            insert into listings (id, vacancy_id, source, source_ref, {string.Join(", ", TrackedColumns)},
                                  list_hash, advert_fetched_at, first_seen_at, last_seen_at, last_sweep_id)
            overriding system value
            select new_listing_id, new_vacancy_id, @source, source_ref, {string.Join(", ", TrackedColumns)},
                   list_hash, case when advert_read then @now end, @now, @now, @sweep
            from fresh
            returning id
        ), history as (
            insert into listing_changes (listing_id, sweep_id, changed_at, kind)
            select id, @sweep, @now, 'created' from listing
        )
        select count(*)::int from listing
        """;

    private const string CloseAbsentAndExpired = """
        with closing as (
            select l.id,
                   case when l.last_sweep_id is distinct from @sweep then 'absent from a complete sweep' else 'closing date passed' end as reason
            from listings l
            where l.source = @source and l.status = 'open'
              and (l.last_sweep_id is distinct from @sweep or l.closes_on < @today)
        ), closed as (
            update listings l set status = 'closed', closed_reason = c.reason, closed_at = @now
            from closing c where l.id = c.id
            returning l.id, c.reason
        ), history as (
            insert into listing_changes (listing_id, sweep_id, changed_at, kind, before, after)
            select id, @sweep, @now, 'closed', jsonb_build_object('status', 'open'), jsonb_build_object('status', 'closed', 'reason', reason)
            from closed
        )
        select count(*)::int from closed
        """;

    // A vacancy is open while any of its listings is; its last sighting is its listings' latest.
    private const string RollUpVacancies = """
        update vacancies v set
            status = s.status,
            last_seen_at = s.last_seen_at,
            closed_at = case when s.status = 'closed' then coalesce(v.closed_at, @now) end,
            updated_at = @now
        from (
            select l.vacancy_id,
                   case when bool_or(l.status = 'open') then 'open' else 'closed' end as status,
                   max(l.last_seen_at) as last_seen_at
            from listings l
            where l.vacancy_id in (select vacancy_id from listings where source = @source)
            group by l.vacancy_id
        ) s
        where v.id = s.vacancy_id and (v.status, v.last_seen_at) is distinct from (s.status, s.last_seen_at)
        """;

    private const string CountUnmatched = """
        select count(distinct v.id)::int
        from incoming i
        join listings l on l.source = @source and l.source_ref = i.source_ref
        join vacancies v on v.id = l.vacancy_id
        where v.unit_id is null
        """;
}

/// <summary>The calendar date in the UK, which decides whether a closing date has passed.</summary>
public static class UkCalendar
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static TimeZoneInfo Zone => London;

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), London).DateTime);

    /// <summary>How long until the UK date next turns over (a day may be 23 or 25 hours long).</summary>
    public static TimeSpan UntilTomorrow(TimeProvider time)
    {
        var now = time.GetUtcNow();
        var midnight = Today(time).AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, London.GetUtcOffset(midnight)) - now;
    }
}
