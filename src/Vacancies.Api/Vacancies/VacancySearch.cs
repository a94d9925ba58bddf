using System.Text;
using Dapper;
using Npgsql;
using Vacancies.Http;
using Vacancies.Units;

namespace Vacancies.Vacancies;

/// <summary>How the answer is shaped: a page of the API, or a whole feed in its fixed order.</summary>
internal enum SearchMode
{
    Page,
    Atom,
    Calendar,
}

/// <summary>
/// The job seeker's search, read once from the query string and turned into one SQL query, so the API,
/// the Atom feed and the calendar can never disagree about what "the same filters" means.
/// </summary>
internal sealed class VacancySearch
{
    public static readonly IReadOnlyList<string> Grades = ["trainee", "clinical", "senior", "chief"];

    public static readonly IReadOnlyList<string> Sorts = ["closing", "posted", "distance"];

    public const int DefaultLimit = 20;

    public const int MaxLimit = 100;

    private static readonly string[] PagingParameters = ["cursor", "limit"];

    public string? Text { get; private init; }
    public IReadOnlyList<string> Countries { get; private init; } = [];
    public string? Region { get; private init; }
    public IReadOnlyList<string> Units { get; private init; } = [];
    public string? RouteUnit { get; private init; }
    public IReadOnlyList<string> GradesWanted { get; private init; } = [];
    public bool TrainingOnly { get; private init; }
    public IReadOnlyList<string> Sources { get; private init; } = [];
    public DateOnly? ClosingAfter { get; private init; }
    public DateOnly? ClosingBefore { get; private init; }
    public DateOnly? PostedSince { get; private init; }
    public GeoFilter? Near { get; private init; }
    public bool IncludeClosed { get; private init; }
    public string Sort { get; private init; } = "closing";
    public int Limit { get; private init; } = DefaultLimit;
    public CursorPosition? After { get; private init; }
    public SearchMode Mode { get; private init; }

    /// <summary>The search without its paging, which a cursor is bound to.</summary>
    public string Fingerprint { get; private init; } = "";

    /// <summary>Reads and checks every parameter; null when any is bad, the reasons then being in <paramref name="query"/>.</summary>
    public static async Task<VacancySearch?> ReadAsync(
        HttpRequest request, QueryReader query, NpgsqlConnection connection, SearchMode mode, VacancyCursor cursors, string? unitSlug, CancellationToken cancellationToken)
    {
        var text = query.Text("q");
        var countries = query.OneOf("country", UnitVocabulary.Countries);
        var region = query.Text("region");
        var units = Repeated(request, "unit");
        var grades = query.OneOf("grade", Grades);
        var training = query.Bool("training") ?? false;
        var sources = Repeated(request, "source");
        var closingAfter = query.Date("closingAfter");
        var closingBefore = query.Date("closingBefore");
        var postedSince = query.Date("postedSince");
        var near = query.Near();
        var includeClosed = query.Bool("includeClosed") ?? false;
        var limit = query.Int("limit", 1, MaxLimit) ?? (mode == SearchMode.Page ? DefaultLimit : MaxLimit);

        var sort = mode switch
        {
            SearchMode.Atom => "posted",
            _ => "closing",
        };
        var sortGiven = query.Single("sort");
        var cursorGiven = query.Single("cursor");
        if (mode != SearchMode.Page)
        {
            // A feed has one order and no pages: a reader polls the whole of it.
            if (sortGiven is not null)
            {
                query.Fail("sort", "A feed has a fixed order; remove sort.");
            }

            if (cursorGiven is not null)
            {
                query.Fail("cursor", "A feed has no pages; remove cursor.");
            }
        }
        else if (sortGiven is not null)
        {
            var match = Sorts.FirstOrDefault(s => string.Equals(s, sortGiven, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                query.Fail("sort", $"Unknown sort; use one of: {string.Join(", ", Sorts)}.");
            }
            else if (match == "distance" && near is null && !query.HasErrors)
            {
                query.Fail("sort", "Sorting by distance needs near=LAT,LON.");
            }
            else
            {
                sort = match;
            }
        }

        if (closingAfter is { } after && closingBefore is { } before && after >= before)
        {
            query.Fail("closingBefore", "Must be later than closingAfter.");
        }

        if (units.Any(u => u.Length > 100))
        {
            query.Fail("unit", "A unit slug is at most 100 characters.");
        }

        // Checked in the database below, which cannot hold a NUL in text and would answer 500.
        if (units.Any(u => u.Contains('\0', StringComparison.Ordinal)))
        {
            query.Fail("unit", "Must not contain the NUL character.");
        }

        if (query.HasErrors)
        {
            return null;
        }

        // The open vocabularies live in the database, so they are checked there, and only when used.
        if (units.Count > 0)
        {
            const string unitsSql = "select slug from units where slug = any(@units)";
            var known = (await connection.QueryAsync<string>(new CommandDefinition(unitsSql, new { units = units.ToArray() }, cancellationToken: cancellationToken))).ToHashSet();
            foreach (var unknown in units.Where(u => !known.Contains(u)))
            {
                query.Fail("unit", $"No unit has the slug '{unknown}'.");
            }
        }

        if (sources.Count > 0)
        {
            const string sourcesSql = "select slug from sources order by slug";
            var known = (await connection.QueryAsync<string>(new CommandDefinition(sourcesSql, cancellationToken: cancellationToken))).ToList();
            foreach (var unknown in sources.Where(s => !known.Contains(s)))
            {
                query.Fail("source", $"Unknown source '{unknown}'; use one of: {string.Join(", ", known)}.");
            }
        }

        if (region is not null)
        {
            const string regionsSql = "select distinct region from units where region is not null order by region";
            var regions = (await connection.QueryAsync<string>(new CommandDefinition(regionsSql, cancellationToken: cancellationToken))).ToList();
            if (!regions.Contains(region, StringComparer.OrdinalIgnoreCase))
            {
                query.Fail("region", $"Unknown region; use one of: {string.Join(", ", regions)}.");
            }
        }

        var fingerprint = FingerprintOf(request, unitSlug);
        CursorPosition? position = null;
        if (mode == SearchMode.Page && cursorGiven is not null)
        {
            position = cursors.Decode(cursorGiven);
            if (position is null)
            {
                query.Fail("cursor", "Not a cursor this service gave, or it was altered; start again without it.");
            }
            else if (position.Sort != sort || position.Query != fingerprint)
            {
                query.Fail("cursor", "This cursor belongs to a different search; start again without it.");
                position = null;
            }
        }

        if (query.HasErrors)
        {
            return null;
        }

        return new VacancySearch
        {
            Text = text,
            Countries = countries,
            Region = region,
            Units = units,
            RouteUnit = unitSlug,
            GradesWanted = grades,
            TrainingOnly = training,
            Sources = sources,
            ClosingAfter = closingAfter,
            ClosingBefore = closingBefore,
            PostedSince = postedSince,
            Near = near,
            IncludeClosed = includeClosed,
            Sort = sort,
            Limit = limit,
            After = position,
            Mode = mode,
            Fingerprint = fingerprint,
        };
    }

    private static List<string> Repeated(HttpRequest request, string name) =>
        request.Query[name]
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(v => v.ToLowerInvariant())
            .Distinct()
            .ToList();

    private static string FingerprintOf(HttpRequest request, string? unitSlug)
    {
        var builder = new StringBuilder(unitSlug ?? "");
        foreach (var (name, values) in request.Query.Where(p => !PagingParameters.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            builder.Append('&').Append(name).Append('=').AppendJoin(',', values.ToArray());
        }

        return Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())), 0, 12);
    }

    // What a list shows of a post; the advert's text and contact are read only where they are shown.
    private const string ListColumns = $"""
        v.id, pl.title, pl.grade, pl.band, u.slug as UnitSlug, u.name as UnitName, u.city as UnitCity, u.region as UnitRegion,
        u.postcode as UnitPostcode, u.lat as UnitLat, u.lon as UnitLon, pl.employer, pl.location, pl.postcode, coalesce(v.country, u.country) as country,
        pl.salary_min, pl.salary_max, pl.currency, pl.salary_period, pl.salary_text, pl.contract_type, pl.working_pattern,
        pl.posted_on, pl.closes_on, (pl.closes_on - {VacancyVisibility.UkTodaySql}) as DaysLeft, ({VacancyVisibility.OpenToPublicSql}) as IsOpen,
        pl.url, pl.source_ref, v.first_seen_at, v.last_seen_at, v.updated_at, v.closed_at,
        v.match_reason, v.candidate_unit_ids
        """;

    private const string Columns = $"""
        {ListColumns},
        pl.description, pl.employer_reference, pl.contact_name, pl.contact_job_title, pl.contact_email, pl.contact_phone
        """;

    private const string From = """
        from vacancies v
        join listings pl on pl.id = v.primary_listing_id
        left join units u on u.id = v.unit_id
        """;

    // A post with no posted date on its advert was posted, as far as anyone can tell, when its listing was first
    // seen. Written exactly as the index listings_public_by_posted (sql/009), so a page is read in index order.
    internal const string PostedSql = "coalesce(pl.posted_on, (pl.first_seen_at at time zone 'Europe/London')::date)";

    // The primary listing belongs to its vacancy (pl.vacancy_id = v.id), and ties are broken on the listing's side so
    // the order comes from the listings' indexes rather than a sort of every open post.
    private const string TieBreakSql = "pl.vacancy_id";

    /// <summary>One vacancy by id, closed or not, never an internal competition.</summary>
    public static async Task<VacancyRow?> FindAsync(NpgsqlConnection connection, long id, CancellationToken cancellationToken)
    {
        const string sql = $"select {Columns} {From} where v.id = @id and {VacancyVisibility.PublicSql}";
        var row = await connection.QuerySingleOrDefaultAsync<VacancyRow>(new CommandDefinition(sql, new { id }, cancellationToken: cancellationToken));
        if (row is not null)
        {
            await AttachListingsAsync(connection, [row], cancellationToken);
            if (row.UnitSlug is null && row.CandidateUnitIds.Length > 0)
            {
                // No unit was guessed; the units it could be are shown as candidates, for a person to judge.
                const string candidatesSql = "select slug, name from units where id = any(@ids) order by name";
                row.CandidateUnits = (await connection.QueryAsync<UnitRef>(new CommandDefinition(candidatesSql, new { ids = row.CandidateUnitIds }, cancellationToken: cancellationToken))).ToList();
            }
        }

        return row;
    }

    /// <summary>The matching rows in order, one more than the limit when there is a further page.</summary>
    public async Task<List<VacancyRow>> RunAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var distance = Near is null ? "null::double precision" : Geo.DistanceKmSql("u.lat", "u.lon");
        var (sortKey, direction, keyType) = Sort switch
        {
            "posted" => (PostedSql, "desc", "date"),
            "distance" => (distance, "asc", "double precision"),
            _ => (VacancyVisibility.ClosingSql, "asc", "date"),
        };

        var sql = new StringBuilder($"select {(Mode == SearchMode.Page ? ListColumns : Columns)}, ({sortKey})::text as SortKey {From} where ");
        sql.Append(IncludeClosed ? VacancyVisibility.PublicSql : VacancyVisibility.OpenToPublicSql);
        var parameters = new DynamicParameters();
        if (Text is not null)
        {
            sql.Append(" and (pl.title ilike @text or pl.employer ilike @text or u.name ilike @text or pl.description ilike @text)");
            parameters.Add("text", "%" + UnitsApi.EscapeLike(Text) + "%");
        }

        if (Countries.Count > 0)
        {
            // coalesce(v.country, u.country) = any(...), written so the planner can use v.country's statistics: with the
            // coalesce it guesses a tiny share, sorts instead of walking the closing index, and a page takes a second.
            sql.Append(" and (v.country = any(@countries) or (v.country is null and u.country = any(@countries)))");
            parameters.Add("countries", Countries.ToArray());
        }

        if (Region is not null)
        {
            sql.Append(" and lower(u.region) = lower(@region)");
            parameters.Add("region", Region);
        }

        if (Units.Count > 0)
        {
            sql.Append(" and u.slug = any(@units)");
            parameters.Add("units", Units.ToArray());
        }

        if (RouteUnit is not null)
        {
            // The route's unit and a unit filter both hold: a unit's page filtered to another unit is empty.
            sql.Append(" and u.slug = @routeUnit");
            parameters.Add("routeUnit", RouteUnit);
        }

        if (GradesWanted.Count > 0)
        {
            sql.Append(" and pl.grade = any(@grades)");
            parameters.Add("grades", GradesWanted.ToArray());
        }

        if (TrainingOnly)
        {
            sql.Append(" and pl.grade = 'trainee'");
        }

        if (Sources.Count > 0)
        {
            // A post advertised on several boards is on each of them, not only on its primary listing's.
            sql.Append(" and exists (select 1 from listings sl where sl.vacancy_id = v.id and sl.source = any(@sources))");
            parameters.Add("sources", Sources.ToArray());
        }

        if (ClosingAfter is { } closingAfter)
        {
            sql.Append(" and pl.closes_on > @closingAfter");
            parameters.Add("closingAfter", closingAfter.ToDateTime(TimeOnly.MinValue), System.Data.DbType.Date);
        }

        if (ClosingBefore is { } closingBefore)
        {
            sql.Append(" and pl.closes_on < @closingBefore");
            parameters.Add("closingBefore", closingBefore.ToDateTime(TimeOnly.MinValue), System.Data.DbType.Date);
        }

        if (PostedSince is { } postedSince)
        {
            sql.Append($" and {PostedSql} >= @postedSince");
            parameters.Add("postedSince", postedSince.ToDateTime(TimeOnly.MinValue), System.Data.DbType.Date);
        }

        if (Mode == SearchMode.Calendar)
        {
            sql.Append(" and pl.closes_on is not null");
        }

        if (Near is not null)
        {
            parameters.Add("nearLat", Near.Lat);
            parameters.Add("nearLon", Near.Lon);
            sql.Append(" and u.lat is not null");
            if (Near.RadiusKm is { } radius)
            {
                sql.Append($" and {distance} <= @radiusKm");
                parameters.Add("radiusKm", radius);
            }
        }

        if (After is not null)
        {
            sql.Append($" and ({sortKey}, {TieBreakSql}) {(direction == "asc" ? ">" : "<")} (@afterKey::{keyType}, @afterId)");
            parameters.Add("afterKey", After.Key);
            parameters.Add("afterId", After.Id);
        }

        sql.Append($" order by {sortKey} {direction}, {TieBreakSql} {direction} limit @take");
        parameters.Add("take", Limit + (Mode == SearchMode.Page ? 1 : 0));

        var rows = (await connection.QueryAsync<VacancyRow>(new CommandDefinition(sql.ToString(), parameters, cancellationToken: cancellationToken))).ToList();
        await AttachListingsAsync(connection, rows, cancellationToken);
        return rows;
    }

    public CursorPosition NextFrom(VacancyRow last) => new(Sort, last.SortKey, last.Id, Fingerprint);

    private static async Task AttachListingsAsync(NpgsqlConnection connection, IReadOnlyList<VacancyRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        // The primary listing first: it is the advert whose fields the vacancy shows.
        const string sql = """
            select l.vacancy_id as VacancyId, l.source, l.url, l.source_ref as SourceRef
            from listings l
            join vacancies v on v.id = l.vacancy_id
            where l.vacancy_id = any(@ids) and l.audience = 'public'
            order by l.vacancy_id, (l.id = v.primary_listing_id) desc, l.source, l.id
            """;
        var listings = await connection.QueryAsync<ListingRow>(new CommandDefinition(sql, new { ids = rows.Select(r => r.Id).ToArray() }, cancellationToken: cancellationToken));
        var byVacancy = listings.ToLookup(l => l.VacancyId, l => new ListingRef(l.Source, l.Url, l.SourceRef));
        foreach (var row in rows)
        {
            row.Listings = byVacancy[row.Id].ToList();
        }
    }

    private sealed class ListingRow
    {
        public long VacancyId { get; init; }
        public string Source { get; init; } = "";
        public string Url { get; init; } = "";
        public string SourceRef { get; init; } = "";
    }
}
