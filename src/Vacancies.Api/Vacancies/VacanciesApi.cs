using Dapper;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Vacancies.Caching;
using Vacancies.Http;

namespace Vacancies.Vacancies;

public static class VacanciesApi
{
    /// <summary>The job seeker's endpoints.</summary>
    public static RouteGroupBuilder MapVacancies(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("Vacancies").WithETag().WithPublicDataCache();
        group.MapGet("/vacancies", ListVacancies).WithName("ListVacancies");
        group.MapGet("/vacancies/{id:long}", GetVacancy).WithName("GetVacancy");
        group.MapGet("/units/{slug}/vacancies", ListUnitVacancies).WithName("ListUnitVacancies");
        group.MapGet("/stats", GetStats).WithName("GetStats");
        group.MapGet("/vacancies/{id:long}/jobposting", GetJobPosting).WithName("GetJobPosting");
        group.MapGet("/vacancies/{id:long}/page", GetVacancyPage).WithName("GetVacancyPage");
        group.MapGet("/vacancies.atom", AtomFeed).WithName("VacanciesAtom");
        group.MapGet("/vacancies.ics", CalendarFeed).WithName("VacanciesCalendar");
        return group;
    }

    private static Task<Results<Ok<VacancyList>, ValidationProblem, ProblemHttpResult>> ListVacancies(
        HttpRequest request, NpgsqlDataSource dataSource, IConfiguration configuration, CancellationToken cancellationToken) =>
        ListAsync(request, dataSource, configuration, null, cancellationToken);

    private static async Task<Results<Ok<VacancyList>, ValidationProblem, ProblemHttpResult>> ListUnitVacancies(
        string slug, HttpRequest request, NpgsqlDataSource dataSource, IConfiguration configuration, CancellationToken cancellationToken)
    {
        const string sql = "select exists (select 1 from units where slug = @slug)";
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            if (slug.Length > 100 || !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(sql, new { slug }, cancellationToken: cancellationToken)))
            {
                return Problems.NotFound($"No unit has the slug '{slug}'.");
            }
        }

        return await ListAsync(request, dataSource, configuration, slug, cancellationToken);
    }

    private static async Task<Results<Ok<VacancyList>, ValidationProblem, ProblemHttpResult>> ListAsync(
        HttpRequest request, NpgsqlDataSource dataSource, IConfiguration configuration, string? unitSlug, CancellationToken cancellationToken)
    {
        var query = new QueryReader(request.Query);
        var cursors = VacancyCursor.From(configuration);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var search = await VacancySearch.ReadAsync(request, query, connection, SearchMode.Page, cursors, unitSlug, cancellationToken);
        if (search is null)
        {
            return query.Problem();
        }

        var rows = await search.RunAsync(connection, cancellationToken);
        string? next = null;
        if (rows.Count > search.Limit)
        {
            rows.RemoveAt(rows.Count - 1);
            next = cursors.Encode(search.NextFrom(rows[^1]));
        }

        var items = rows.Select(r => r.ToItem()).ToList();
        return TypedResults.Ok(new VacancyList(items.Count, items, next));
    }

    private static async Task<Results<Ok<VacancyDetail>, ProblemHttpResult>> GetVacancy(long id, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await VacancySearch.FindAsync(connection, id, cancellationToken);
        return row is null ? Problems.NotFound($"No vacancy has the id {id}.") : TypedResults.Ok(row.ToDetail());
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetJobPosting(long id, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await VacancySearch.FindAsync(connection, id, cancellationToken);
        return row is null ? Problems.NotFound($"No vacancy has the id {id}.") : TypedResults.Content(JobPosting.Json(row), JobPosting.ContentType);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetVacancyPage(long id, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await VacancySearch.FindAsync(connection, id, cancellationToken);
        if (row is null)
        {
            return Problems.NotFound($"No vacancy has the id {id}.");
        }

        const string sourcesSql = "select slug, name from sources";
        var sources = (await connection.QueryAsync<(string Slug, string Name)>(new CommandDefinition(sourcesSql, cancellationToken: cancellationToken)))
            .ToDictionary(s => s.Slug, s => s.Name);
        return TypedResults.Content(VacancyPage.Render(row, sources), VacancyPage.ContentType);
    }

    private static Task<Results<FileContentHttpResult, ValidationProblem>> AtomFeed(
        HttpRequest request, NpgsqlDataSource dataSource, IConfiguration configuration, CancellationToken cancellationToken) =>
        FeedAsync(request, dataSource, configuration, SearchMode.Atom, cancellationToken);

    private static Task<Results<FileContentHttpResult, ValidationProblem>> CalendarFeed(
        HttpRequest request, NpgsqlDataSource dataSource, IConfiguration configuration, CancellationToken cancellationToken) =>
        FeedAsync(request, dataSource, configuration, SearchMode.Calendar, cancellationToken);

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> FeedAsync(
        HttpRequest request, NpgsqlDataSource dataSource, IConfiguration configuration, SearchMode mode, CancellationToken cancellationToken)
    {
        var query = new QueryReader(request.Query);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var search = await VacancySearch.ReadAsync(request, query, connection, mode, VacancyCursor.From(configuration), null, cancellationToken);
        if (search is null)
        {
            return query.Problem();
        }

        var rows = await search.RunAsync(connection, cancellationToken);
        var baseUrl = BaseUrl(request);
        return mode == SearchMode.Atom
            ? TypedResults.Bytes(VacancyFeeds.Atom(rows, baseUrl, request.GetEncodedUrl()), VacancyFeeds.AtomContentType)
            : TypedResults.Bytes(VacancyFeeds.Calendar(rows, baseUrl), VacancyFeeds.CalendarContentType);
    }

    internal static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    private const string OpenFromSql = $"""
        from vacancies v
        join listings pl on pl.id = v.primary_listing_id
        left join units u on u.id = v.unit_id
        where {VacancyVisibility.OpenToPublicSql}
        """;

    private const string StatsSql = $"""
        select coalesce(v.country, u.country) as country, pl.grade, count(*)::int as count
        {OpenFromSql}
        group by 1, 2
        order by 1 nulls last, 2 nulls last;

        -- Every month from the first training post kept to this one, so a chart has no silent gaps.
        with opened as (
            select date_trunc('month', {VacancySearch.PostedSql})::date as month
            from vacancies v
            join listings pl on pl.id = v.primary_listing_id
            where pl.grade = 'trainee' and {VacancyVisibility.PublicSql}
        )
        select to_char(m.month, 'YYYY-MM') as month, count(o.month)::int as count
        from generate_series((select min(month) from opened), date_trunc('month', {VacancyVisibility.UkTodaySql})::date, interval '1 month') as m(month)
        left join opened o on o.month = m.month
        group by m.month
        order by m.month;
        """;

    private static async Task<Ok<VacancyStats>> GetStats(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(StatsSql, cancellationToken: cancellationToken));
        var cells = (await results.ReadAsync<CountryGradeCount>()).ToList();
        var months = (await results.ReadAsync<MonthCount>()).ToList();
        var byCountry = cells.GroupBy(c => c.Country).Select(g => new CountryCount(g.Key, g.Sum(c => c.Count))).ToList();
        var byGrade = cells.GroupBy(c => c.Grade).OrderBy(g => g.Key is null ? int.MaxValue : VacancySearch.Grades.ToList().IndexOf(g.Key))
            .Select(g => new GradeCount(g.Key, g.Sum(c => c.Count))).ToList();
        return TypedResults.Ok(new VacancyStats(cells.Sum(c => c.Count), byCountry, byGrade, cells, months));
    }
}
