using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Vacancies.Tests.Infrastructure;

/// <summary>The real host, in memory, on the collection's database. Extra settings override appsettings.json.</summary>
public sealed class VacanciesApp(DatabaseFixture database, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(configuration =>
        {
            var values = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Vacancies"] = database.ConnectionString,
                ["Database:MigrateOnStart"] = "false",
                ["Scheduler:Enabled"] = "false",
                // Tests write straight into the database and read back at once; the cache hears of such a write a
                // moment later, by notice. Caching/PublicDataCacheTests turn it on and test exactly that.
                ["Cache:Enabled"] = "false",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }

            configuration.AddInMemoryCollection(values);
        });
    }
}

/// <summary>Base for tests on the database: each test starts from the seed data.</summary>
[Collection(DatabaseCollection.Name)]
public abstract class DatabaseTest(DatabaseFixture database) : IAsyncLifetime
{
    protected DatabaseFixture Database { get; } = database;

    public virtual Task InitializeAsync() => Database.ResetAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
