using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Vacancies.Caching;
using Vacancies.Chiefs;
using Vacancies.Database;
using Vacancies.Scheduling;
using Vacancies.Sources;
using Vacancies.Units;
using Vacancies.Vacancies;

namespace Vacancies.Hosting;

/// <summary>The composition root every verb shares: configuration, services and endpoints.</summary>
public static class VacanciesHost
{
    /// <param name="serveApi">False for a worker node: the scheduler and the health endpoints only.</param>
    public static WebApplication Build(string[] args, bool serveApi = true)
    {
        // The host runs from anywhere (ops/vacancies, a container): its settings are beside the assembly,
        // unless a test host names the content root itself.
        var contentRootGiven = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = contentRootGiven ? null : AppContext.BaseDirectory,
        });
        builder.Services.AddVacancies(builder.Configuration);
        var app = builder.Build();
        app.MapService(serveApi);
        return app;
    }

    public static IServiceCollection AddVacancies(this IServiceCollection services, IConfiguration configuration)
    {
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        services.AddVacanciesDatabase(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSources(configuration);
        services.AddSweepScheduling(configuration);
        services.AddChiefs(configuration);
        services.AddPublicDataCache(configuration);
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<BoardsHealthCheck>("boards", failureStatus: Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, tags: ["ready"]);
        return services;
    }

    public static WebApplication MapService(this WebApplication app, bool serveApi = true)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseChiefs();
        app.UseOutputCache();
        app.MapOpenApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        if (!serveApi)
        {
            return app;
        }

        app.MapUnits();
        app.MapSources();
        app.MapChiefs();
        app.MapVacancies();
        return app;
    }
}
