using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace Vacancies.Chiefs;

/// <summary>Who a valid token speaks for.</summary>
public sealed record TokenIdentity(long Id, int? UnitId, bool IsAdmin, string Name);

public sealed record TokenListing(long Id, string Name, string? UnitSlug, bool IsAdmin, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt);

public sealed record IssuedToken(long Id, string Token, DateTime? ExpiresAt);

/// <summary>
/// Bearer tokens: `pv_` + 16 hex characters that find the row + `_` + 32 random bytes in base64url.
/// Only SHA-256 of the secret is stored, so a database leak gives no working token; the hashes are
/// compared in constant time. Every check reads the database, so a revoke or expiry acts at once.
/// </summary>
public sealed class ApiTokens(NpgsqlDataSource dataSource)
{
    private const string Prefix = "pv_";
    private const int LookupHexLength = 16;
    private const int SecretBytes = 32;
    private const int SecretChars = 43; // base64url of 32 bytes, unpadded

    public static bool TryParse(string token, out string lookupId, out byte[] secret)
    {
        lookupId = "";
        secret = [];
        if (token.Length != Prefix.Length + LookupHexLength + 1 + SecretChars || !token.StartsWith(Prefix, StringComparison.Ordinal)
            || token[Prefix.Length + LookupHexLength] != '_')
        {
            return false;
        }

        var lookup = token.AsSpan(Prefix.Length, LookupHexLength);
        foreach (var c in lookup)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        var encoded = token.AsSpan(Prefix.Length + LookupHexLength + 1);
        var buffer = new byte[Base64Url.GetMaxDecodedLength(encoded.Length)];
        if (!Base64Url.IsValid(encoded) || !Base64Url.TryDecodeFromChars(encoded, buffer, out var written) || written != SecretBytes)
        {
            return false;
        }

        lookupId = lookup.ToString();
        secret = buffer[..written];
        return true;
    }

    public async Task<TokenIdentity?> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        if (!TryParse(token, out var lookupId, out var secret))
        {
            return null;
        }

        const string sql = """
            select id, unit_id as UnitId, is_admin as IsAdmin, name, token_hash as TokenHash
            from api_tokens
            where lookup_id = @lookupId and revoked_at is null and (expires_at is null or expires_at > now())
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(sql, new { lookupId }, cancellationToken: cancellationToken));
        if (row is null || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(secret), row.TokenHash))
        {
            return null;
        }

        const string touch = "update api_tokens set last_used_at = now() where id = @Id";
        await connection.ExecuteAsync(new CommandDefinition(touch, new { row.Id }, cancellationToken: cancellationToken));
        return new TokenIdentity(row.Id, row.UnitId, row.IsAdmin, row.Name);
    }

    /// <summary>Issues a token for a unit (by slug) or, with a null slug, an admin token.</summary>
    /// <returns>Null when the unit does not exist.</returns>
    public async Task<IssuedToken?> IssueAsync(string? unitSlug, string name, int? expiresDays, string actor, CancellationToken cancellationToken)
    {
        var lookupId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(LookupHexLength / 2));
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        var token = Prefix + lookupId + "_" + Base64Url.EncodeToString(secret);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int? unitId = null;
        if (unitSlug is not null)
        {
            unitId = await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition("select id from units where slug = @unitSlug", new { unitSlug }, transaction, cancellationToken: cancellationToken));
            if (unitId is null)
            {
                return null;
            }
        }

        const string insert = """
            insert into api_tokens (lookup_id, token_hash, unit_id, is_admin, name, expires_at)
            values (@lookupId, @hash, @unitId, @isAdmin, @name, now() + make_interval(days => @expiresDays))
            returning id, expires_at as ExpiresAt
            """;
        var row = await connection.QuerySingleAsync<(long Id, DateTime? ExpiresAt)>(new CommandDefinition(
            insert, new { lookupId, hash = SHA256.HashData(secret), unitId, isAdmin = unitId is null, name, expiresDays }, transaction, cancellationToken: cancellationToken));
        var after = new JsonObject
        {
            ["name"] = name,
            ["unit"] = unitSlug,
            ["admin"] = unitId is null,
            ["expiresAt"] = row.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture),
        };
        await AuditLog.WriteAsync(connection, transaction, new AuditEntry(unitId, null, actor, "issue", "token", row.Id.ToString(CultureInfo.InvariantCulture), null, after), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new IssuedToken(row.Id, token, row.ExpiresAt);
    }

    public async Task<IReadOnlyList<TokenListing>> ListAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            select t.id, t.name, u.slug as UnitSlug, t.is_admin as IsAdmin, t.created_at as CreatedAt,
                   t.expires_at as ExpiresAt, t.revoked_at as RevokedAt, t.last_used_at as LastUsedAt
            from api_tokens t left join units u on u.id = t.unit_id
            order by t.id
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<TokenListing>(new CommandDefinition(sql, cancellationToken: cancellationToken))).ToList();
    }

    /// <returns>False when no unrevoked token has the id.</returns>
    public async Task<bool> RevokeAsync(long id, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        const string sql = "update api_tokens set revoked_at = now() where id = @id and revoked_at is null returning unit_id as UnitId, name";
        var revoked = await connection.QuerySingleOrDefaultAsync<RevokedRow>(new CommandDefinition(sql, new { id }, transaction, cancellationToken: cancellationToken));
        if (revoked is null)
        {
            return false;
        }

        await AuditLog.WriteAsync(connection, transaction, new AuditEntry(revoked.UnitId, null, actor, "revoke", "token", id.ToString(CultureInfo.InvariantCulture),
            new JsonObject { ["name"] = revoked.Name, ["revoked"] = false }, new JsonObject { ["name"] = revoked.Name, ["revoked"] = true }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private sealed class RevokedRow
    {
        public int? UnitId { get; init; }
        public string Name { get; init; } = "";
    }

    private sealed class TokenRow
    {
        public long Id { get; init; }
        public int? UnitId { get; init; }
        public bool IsAdmin { get; init; }
        public string Name { get; init; } = "";
        public byte[] TokenHash { get; init; } = [];
    }
}
