using Microsoft.Extensions.Options;
using Vacancies.Sweeps;

namespace Vacancies.Sources;

public static class SourcesSetup
{
    public static IServiceCollection AddSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SourcesOptions>()
            .Bind(configuration.GetSection(SourcesOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<SourcesOptions>, SourcesDefaults>();
        services.AddSingleton<IValidateOptions<SourcesOptions>, SourcesOptionsValidator>();
        services.AddBoardHttpClients();
        services.AddSingleton<NodeIdentity>();
        services.AddSingleton<SweepStore>();
        services.AddSingleton<Sweeper>();
        services.AddSingleton<SourceStatus>();
        return services;
    }
}
