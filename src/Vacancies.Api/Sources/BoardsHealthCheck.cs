using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vacancies.Sources;

/// <summary>Reports the boards' health without failing readiness: a board that is down does not stop the API serving.</summary>
internal sealed class BoardsHealthCheck(SourceStatus status) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var sources = await status.AllAsync(cancellationToken);
        var data = sources.ToDictionary(s => s.Slug, s => (object)$"{s.Status}: {s.Reason}");
        var unwell = sources.Where(s => s.Status is "failing" or "degraded").Select(s => s.Slug).ToList();
        return unwell.Count == 0
            ? HealthCheckResult.Healthy("Every enabled board is healthy.", data)
            : HealthCheckResult.Degraded($"Boards not healthy: {string.Join(", ", unwell)}.", data: data);
    }
}
