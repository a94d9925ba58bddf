using Microsoft.Extensions.Options;
using Npgsql;

namespace Vacancies.Database;

public static class DatabaseSetup
{
    public const string ConnectionStringName = "Vacancies";

    /// <summary>One NpgsqlDataSource for the process: every query, the migrator and the scheduler's
    /// job store share its pool.</summary>
    public static IServiceCollection AddVacanciesDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        services.AddSingleton(provider =>
        {
            var connectionString = configuration.GetConnectionString(ConnectionStringName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"ConnectionStrings:{ConnectionStringName} is not set. Set ConnectionStrings__{ConnectionStringName}, or start the service with ops/run, which starts a private PostgreSQL.");
            }

            var builder = new NpgsqlDataSourceBuilder(connectionString);
            builder.ConnectionStringBuilder.ApplicationName ??= "perfusion-vacancies";
            // The same few queries run all day: prepared once per connection, they skip planning on every request.
            if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
            {
                builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
            }

            builder.ConnectionStringBuilder.CommandTimeout = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.CommandTimeoutSeconds;
            builder.UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>());
            return builder.Build();
        });
        services.AddSingleton<System.Data.Common.DbDataSource>(provider => provider.GetRequiredService<NpgsqlDataSource>());
        services.AddSingleton<Migrator>();
        return services;
    }
}
