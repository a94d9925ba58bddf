using System.Text;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Vacancies.Caching;
using Vacancies.Http;
using Vacancies.Vacancies;

namespace Vacancies.Units;

public static class UnitsApi
{
    public static RouteGroupBuilder MapUnits(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/units").WithTags("Units").WithPublicDataCache();
        group.MapGet("/", ListUnits).WithName("ListUnits");
        group.MapGet("/{slug}", GetUnit).WithName("GetUnit");
        return group;
    }

    // A unit's open vacancies, by the one definition of open (VacancyVisibility), so the list and the detail agree:
    // the detail counts its one unit; the list counts every unit in one grouped pass rather than a query per unit.
    internal const string OpenVacanciesSql = $"(select count(*)::int from vacancies v join listings pl on pl.id = v.primary_listing_id where v.unit_id = u.id and {VacancyVisibility.OpenToPublicSql})";

    private const string OpenVacanciesByUnitSql = $"""
        (select v.unit_id, count(*)::int as open_vacancies
         from vacancies v join listings pl on pl.id = v.primary_listing_id
         where v.unit_id is not null and {VacancyVisibility.OpenToPublicSql}
         group by v.unit_id)
        """;

    private static async Task<Results<Ok<UnitList>, ValidationProblem>> ListUnits(HttpRequest request, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var query = new QueryReader(request.Query);
        var countries = query.OneOf("country", UnitVocabulary.Countries);
        var services = query.OneOf("service", UnitVocabulary.Services);
        var sectors = query.OneOf("sector", UnitVocabulary.Sectors);
        var region = query.Text("region");
        var text = query.Text("q");
        var near = query.Near();
        if (query.HasErrors)
        {
            return query.Problem();
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (region is not null)
        {
            const string regionsSql = "select distinct region from units where region is not null order by region";
            var regions = (await connection.QueryAsync<string>(new CommandDefinition(regionsSql, cancellationToken: cancellationToken))).ToList();
            if (!regions.Contains(region, StringComparer.OrdinalIgnoreCase))
            {
                query.Fail("region", $"Unknown region; use one of: {string.Join(", ", regions)}.");
                return query.Problem();
            }
        }

        var distance = near is null ? "null::double precision" : Geo.DistanceKmSql("u.lat", "u.lon");
        var sql = new StringBuilder($"""
            select u.slug, u.name, u.employer, u.city, u.country, u.region, u.postcode, u.lat, u.lon,
                   u.services, u.sector, u.unverified_fields as UnverifiedFields,
                   coalesce(c.open_vacancies, 0) as OpenVacancies, {distance} as DistanceKm
            from units u
            left join {OpenVacanciesByUnitSql} c on c.unit_id = u.id
            where true
            """);
        var parameters = new DynamicParameters();
        if (countries.Count > 0)
        {
            sql.Append(" and u.country = any(@countries)");
            parameters.Add("countries", countries.ToArray());
        }

        if (services.Count > 0)
        {
            // A unit matches when it offers every service asked for: "ecmo and paediatric" narrows, not widens.
            sql.Append(" and u.services @> @services");
            parameters.Add("services", services.ToArray());
        }

        if (sectors.Count > 0)
        {
            sql.Append(" and u.sector = any(@sectors)");
            parameters.Add("sectors", sectors.ToArray());
        }

        if (region is not null)
        {
            sql.Append(" and lower(u.region) = lower(@region)");
            parameters.Add("region", region);
        }

        if (text is not null)
        {
            sql.Append(" and (u.name ilike @text or u.employer ilike @text or u.city ilike @text)");
            parameters.Add("text", "%" + EscapeLike(text) + "%");
        }

        if (near is not null)
        {
            parameters.Add("nearLat", near.Lat);
            parameters.Add("nearLon", near.Lon);
            sql.Append(" and u.lat is not null");
            if (near.RadiusKm is { } radius)
            {
                sql.Append($" and {distance} <= @radiusKm");
                parameters.Add("radiusKm", radius);
            }

            sql.Append(" order by DistanceKm, u.name");
        }
        else
        {
            sql.Append(" order by u.name");
        }

        var rows = await connection.QueryAsync<UnitRow>(new CommandDefinition(sql.ToString(), parameters, cancellationToken: cancellationToken));
        var units = rows.Select(r => r.ToSummary()).ToList();
        return TypedResults.Ok(new UnitList(units.Count, units));
    }

    private static async Task<Results<Ok<UnitDetail>, ProblemHttpResult>> GetUnit(string slug, HttpResponse response, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var unit = await FindAsync(dataSource, slug, cancellationToken);
        if (unit is null)
        {
            return Problems.NotFound($"No unit has the slug '{slug}'.");
        }

        response.Headers.ETag = unit.ETag;
        return TypedResults.Ok(unit.ToDetail());
    }

    internal static async Task<UnitRow?> FindAsync(NpgsqlDataSource dataSource, string slug, CancellationToken cancellationToken)
    {
        if (slug.Length > 100)
        {
            return null;
        }

        const string sql = $"""
            select u.id, u.slug, u.name, u.employer, u.city, u.country, u.region, u.postcode, u.lat, u.lon,
                   u.services, u.sector, u.ods_code as OdsCode, u.unverified_fields as UnverifiedFields,
                   u.provenance, u.notes, {OpenVacanciesSql} as OpenVacancies, u.updated_at as UpdatedAt,
                   u.contact_name, u.contact_job_title, u.contact_email, u.contact_phone, u.website, u.team_size,
                   u.training_offered, u.training_intake, u.visits, u.description, u.version
            from units u
            where u.slug = @slug
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UnitRow>(new CommandDefinition(sql, new { slug }, cancellationToken: cancellationToken));
    }

    internal static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
