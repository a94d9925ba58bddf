using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Vacancies.Database;

/// <summary>
/// Applies the numbered, forward-only scripts of sql/ that the database has not seen, each in its own
/// transaction, and records them with a checksum. A script changed after it was applied is refused:
/// the schema's history must be the one the database went through. Small enough that a library
/// (DbUp) would bring more than it saves; the advisory lock lets several nodes start at once.
/// </summary>
public sealed class Migrator(NpgsqlDataSource dataSource, ILogger<Migrator> logger)
{
    // An arbitrary constant shared by every node: "perfusion" in ASCII, truncated.
    private const long AdvisoryLockKey = 0x7065726675736E;

    public sealed record Script(string Name, string Sql, string Checksum);

    public sealed record AppliedScript(string Name, string Checksum, DateTime AppliedAt);

    /// <summary>The scripts built into this assembly, in the order their numbers give.</summary>
    public static IReadOnlyList<Script> EmbeddedScripts()
    {
        var assembly = typeof(Migrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("sql/", StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Load(assembly, name))
            .OrderBy(script => script.Name, StringComparer.Ordinal)
            .ToList();
    }

    public Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken) =>
        MigrateAsync(EmbeddedScripts(), cancellationToken);

    /// <returns>The names of the scripts applied by this call.</returns>
    public async Task<IReadOnlyList<string>> MigrateAsync(IReadOnlyList<Script> scripts, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: cancellationToken));
        try
        {
            const string createHistory = """
                create table if not exists schema_migrations (
                    name       text primary key,
                    checksum   text not null,
                    applied_at timestamptz not null default now()
                )
                """;
            await connection.ExecuteAsync(new CommandDefinition(createHistory, cancellationToken: cancellationToken));

            var applied = (await AppliedAsync(connection, cancellationToken)).ToDictionary(a => a.Name, StringComparer.Ordinal);
            VerifyUnchanged(scripts, applied);

            var newlyApplied = new List<string>();
            foreach (var script in scripts.Where(s => !applied.ContainsKey(s.Name)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(script.Sql, transaction: transaction, commandTimeout: 600, cancellationToken: cancellationToken));
                const string record = "insert into schema_migrations (name, checksum) values (@Name, @Checksum)";
                await connection.ExecuteAsync(new CommandDefinition(record, script, transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Script}", script.Name);
                newlyApplied.Add(script.Name);
            }

            return newlyApplied;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_unlock(@key)", new { key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    public async Task<IReadOnlyList<AppliedScript>> AppliedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        const string exists = "select to_regclass('schema_migrations') is not null";
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(exists, cancellationToken: cancellationToken)))
        {
            return [];
        }

        return await AppliedAsync(connection, cancellationToken);
    }

    private static async Task<IReadOnlyList<AppliedScript>> AppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string sql = "select name, checksum, applied_at as AppliedAt from schema_migrations order by name";
        return (await connection.QueryAsync<AppliedScript>(new CommandDefinition(sql, cancellationToken: cancellationToken))).ToList();
    }

    private static void VerifyUnchanged(IReadOnlyList<Script> scripts, IReadOnlyDictionary<string, AppliedScript> applied)
    {
        var byName = scripts.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var changed = applied.Values
            .Where(a => byName.TryGetValue(a.Name, out var script) && script.Checksum != a.Checksum)
            .Select(a => a.Name)
            .ToList();
        if (changed.Count > 0)
        {
            throw new MigrationException(
                $"Refusing to migrate: applied script(s) {string.Join(", ", changed)} changed since they were applied. " +
                "Migrations are forward-only: restore the script as it was and add a new numbered script.");
        }
    }

    public static Script ScriptFromText(string name, string sql) => new(name, sql, Checksum(sql));

    private static Script Load(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return ScriptFromText(resourceName["sql/".Length..], reader.ReadToEnd());
    }

    // Line endings are not part of a script's meaning: a checkout with CRLF must not look like a change.
    private static string Checksum(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));
}

public sealed class MigrationException(string message) : Exception(message);
