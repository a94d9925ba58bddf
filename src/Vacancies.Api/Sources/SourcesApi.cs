using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;
using Vacancies.Chiefs;
using Vacancies.Http;
using Vacancies.Scheduling;
using Vacancies.Sweeps;

namespace Vacancies.Sources;

public static class SourcesApi
{
    public static RouteGroupBuilder MapSources(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/sources").WithTags("Sources");
        group.MapGet("/", ListSources).WithName("ListSources");
        group.MapGet("/{slug}/runs", ListRuns).WithName("ListRuns");
        group.MapGet("/{slug}/runs/{id:long}", GetRun).WithName("GetRun");
        group.MapPost("/{slug}/runs", RequestRun).WithName("RequestRun")
            .RequireAuthorization(ChiefClaims.Policy)
            .AddEndpointFilter<OperatorsOnly>();
        return group;
    }

    private static async Task<Ok<IReadOnlyList<SourceHealth>>> ListSources(SourceStatus status, CancellationToken cancellationToken) =>
        TypedResults.Ok(await status.AllAsync(cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<SweepSummary>>, ProblemHttpResult, ValidationProblem>> ListRuns(
        string slug, HttpRequest request, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (SourceCatalog.Find(slug) is null)
        {
            return Problems.NotFound($"No source has the slug '{slug}'.");
        }

        var query = new QueryReader(request.Query);
        var limit = query.Int("limit", 1, 200) ?? 20;
        if (query.HasErrors)
        {
            return query.Problem();
        }

        const string sql = $"select {SourceStatus.SweepColumns} from sweeps where source = @slug order by started_at desc, id desc limit @limit";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var runs = (await connection.QueryAsync<SweepSummary>(new CommandDefinition(sql, new { slug, limit }, cancellationToken: cancellationToken))).ToList();
        return TypedResults.Ok<IReadOnlyList<SweepSummary>>(runs);
    }

    private static async Task<Results<Ok<SweepSummary>, ProblemHttpResult>> GetRun(string slug, long id, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        const string sql = $"select {SourceStatus.SweepColumns} from sweeps where source = @slug and id = @id";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var run = await connection.QuerySingleOrDefaultAsync<SweepSummary>(new CommandDefinition(sql, new { slug, id }, cancellationToken: cancellationToken));
        return run is null ? Problems.NotFound($"No run {id} of source '{slug}'.") : TypedResults.Ok(run);
    }

    /// <summary>Queues a sweep now: recorded at once (so the caller has its address) and fired through the
    /// clustered store, so whichever scheduler node is free runs it.</summary>
    private static async Task<Results<Accepted<SweepSummary>, ProblemHttpResult>> RequestRun(
        string slug, SweepStore store, ISchedulerFactory schedulers, IOptions<SourcesOptions> options, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (SourceCatalog.Find(slug) is null)
        {
            return Problems.NotFound($"No source has the slug '{slug}'.");
        }

        if (!options.Value.For(slug).Enabled)
        {
            return TypedResults.Problem($"Source '{slug}' is disabled in configuration.", statusCode: StatusCodes.Status409Conflict, title: "Source disabled");
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (!await scheduler.Exists(SweepJob.KeyFor(slug), cancellationToken))
        {
            return TypedResults.Problem("No scheduler node has registered this source's sweep yet; start a node with the scheduler enabled.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "No scheduler");
        }

        var id = await store.QueueAsync(slug, cancellationToken);
        await scheduler.TriggerJob(SweepJob.KeyFor(slug), new JobDataMap { [SweepJob.QueuedSweepKey] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken);
        const string sql = $"select {SourceStatus.SweepColumns} from sweeps where id = @id";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var run = await connection.QuerySingleAsync<SweepSummary>(new CommandDefinition(sql, new { id }, cancellationToken: cancellationToken));
        return TypedResults.Accepted($"/sources/{slug}/runs/{id}", run);
    }
}

/// <summary>Operators only: an admin token (`ops/vacancies token issue --admin`); a unit's chief is refused.</summary>
internal sealed class OperatorsOnly : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.User.IsInRole(ChiefClaims.AdminRole)
            ? await next(context)
            : TypedResults.Problem("Only an operator's (admin) token may ask for a sweep.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
}
