using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Vacancies.Database;
using Vacancies.Sources;
using Vacancies.Units;
using Vacancies.Vacancies;

namespace Vacancies.Hosting;

/// <summary>The composition root every verb shares: configuration, services and endpoints.</summary>
public static class VacanciesHost
{
    public static WebApplication Build(string[] args)
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
        app.MapVacancies();
        return app;
    }

    public static IServiceCollection AddVacancies(this IServiceCollection services, IConfiguration configuration)
    {
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        services.AddVacanciesDatabase(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSources(configuration);
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }

    public static WebApplication MapVacancies(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapOpenApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        app.MapUnits();
        VacanciesApi.MapVacancies(app);
        return app;
    }
}
