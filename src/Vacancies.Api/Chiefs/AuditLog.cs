using System.Data;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace Vacancies.Chiefs;

public sealed record AuditEntry(int? UnitId, long? TokenId, string Actor, string Action, string Entity, string EntityId, JsonObject? Before, JsonObject? After);

public sealed record AuditRecord(long Id, DateTime At, string Actor, long? TokenId, string Action, string Entity, string EntityId, JsonNode? Before, JsonNode? After);

/// <summary>The one way a change is recorded: in the same transaction as the change itself, so a
/// change without its record (or a record without its change) cannot exist.</summary>
public static class AuditLog
{
    public static Task WriteAsync(NpgsqlConnection connection, IDbTransaction transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into audit_log (unit_id, token_id, actor, action, entity, entity_id, before, after)
            values (@UnitId, @TokenId, @Actor, @Action, @Entity, @EntityId, @before::jsonb, @after::jsonb)
            """;
        return connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            entry.UnitId,
            entry.TokenId,
            entry.Actor,
            entry.Action,
            entry.Entity,
            entry.EntityId,
            before = entry.Before?.ToJsonString(),
            after = entry.After?.ToJsonString(),
        }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Only the keys whose values differ, so an entry reads as what changed.</summary>
    public static (JsonObject Before, JsonObject After) Diff(JsonObject before, JsonObject after)
    {
        var changedBefore = new JsonObject();
        var changedAfter = new JsonObject();
        foreach (var key in before.Select(p => p.Key).Union(after.Select(p => p.Key)))
        {
            var b = before[key];
            var a = after[key];
            if (!JsonNode.DeepEquals(b, a))
            {
                changedBefore[key] = b?.DeepClone();
                changedAfter[key] = a?.DeepClone();
            }
        }

        return (changedBefore, changedAfter);
    }

    public static async Task<IReadOnlyList<AuditRecord>> ForUnitAsync(NpgsqlDataSource dataSource, int unitId, int limit, CancellationToken cancellationToken)
    {
        const string sql = """
            select id, at, actor, token_id as TokenId, action, entity, entity_id as EntityId, before::text as Before, after::text as After
            from audit_log where unit_id = @unitId
            order by at desc, id desc
            limit @limit
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditRow>(
            new CommandDefinition(sql, new { unitId, limit }, cancellationToken: cancellationToken));
        return rows.Select(r => new AuditRecord(r.Id, r.At, r.Actor, r.TokenId, r.Action, r.Entity, r.EntityId,
            r.Before is null ? null : JsonNode.Parse(r.Before), r.After is null ? null : JsonNode.Parse(r.After))).ToList();
    }

    private sealed class AuditRow
    {
        public long Id { get; init; }
        public DateTime At { get; init; }
        public string Actor { get; init; } = "";
        public long? TokenId { get; init; }
        public string Action { get; init; } = "";
        public string Entity { get; init; } = "";
        public string EntityId { get; init; } = "";
        public string? Before { get; init; }
        public string? After { get; init; }
    }
}
