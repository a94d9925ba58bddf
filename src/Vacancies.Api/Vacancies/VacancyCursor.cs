using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Vacancies.Vacancies;

/// <summary>Where the next page starts: the last item's sort key and id, for the query that made it.</summary>
public sealed record CursorPosition(string Sort, string? Key, long Id, string Query);

/// <summary>
/// Keyset cursors as base64url JSON with an HMAC, so a client can neither forge a position nor carry a
/// cursor over to a different search: the query's fingerprint is inside what is signed.
/// </summary>
public sealed class VacancyCursor(byte[] key)
{
    public const string ConfigurationKey = "Vacancies:CursorKey";

    // A default keeps a fresh checkout working; a deployment with several nodes sets one shared key.
    private const string DefaultKey = "perfusion-vacancies-cursor-default-key";

    public static VacancyCursor From(IConfiguration configuration) =>
        new(Encoding.UTF8.GetBytes(configuration[ConfigurationKey] is { Length: > 0 } configured ? configured : DefaultKey));

    public string Encode(CursorPosition position)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(position.Sort, position.Key, position.Id, position.Query));
        return WebEncoders.Base64UrlEncode(payload) + "." + WebEncoders.Base64UrlEncode(HMACSHA256.HashData(key, payload));
    }

    /// <summary>The position, or null when the cursor was not made here, was altered, or is garbled.</summary>
    public CursorPosition? Decode(string cursor)
    {
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || cursor.Length > 2000)
        {
            return null;
        }

        try
        {
            var payload = WebEncoders.Base64UrlDecode(cursor[..dot]);
            var signature = WebEncoders.Base64UrlDecode(cursor[(dot + 1)..]);
            if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(key, payload)))
            {
                return null;
            }

            var parsed = JsonSerializer.Deserialize<Payload>(payload);
            return parsed is null ? null : new CursorPosition(parsed.S, parsed.K, parsed.I, parsed.Q);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private sealed record Payload(string S, string? K, long I, string Q);
}
