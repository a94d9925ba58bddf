using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Vacancies.Chiefs;

/// <summary>
/// Validates the values of a JSON body field by field, collecting a message per field path
/// ("contact.email") for one 400 problem document, as QueryReader does for query parameters.
/// </summary>
internal sealed partial class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool HasErrors => errors.Count > 0;

    public ValidationProblem Problem() => TypedResults.ValidationProblem(
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        title: "One or more fields are invalid.",
        detail: string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));

    public bool Has(string field) => errors.ContainsKey(field);

    public void Fail(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>Names every key of an object that is not one of the allowed ones.</summary>
    public void RejectUnknown(JsonElement obj, string prefix, IReadOnlyCollection<string> allowed)
    {
        foreach (var property in obj.EnumerateObject().Where(p => !allowed.Contains(p.Name)))
        {
            Fail(prefix + Shorten(property.Name), $"Unknown field; use one of: {string.Join(", ", allowed)}.");
        }
    }

    /// <summary>Text, trimmed; an empty string clears the field like null does.</summary>
    public string? Text(JsonElement value, string field, int maxLength, bool multiline = false)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(field, "Must be a string or null.");
            return null;
        }

        var text = value.GetString()!.Trim();
        if (text.Length > maxLength)
        {
            Fail(field, $"At most {maxLength} characters.");
            return null;
        }

        if (text.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            Fail(field, multiline ? "Must not contain control characters other than line breaks and tabs." : "Must be one line without control characters.");
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    public string? Email(JsonElement value, string field)
    {
        var text = Text(value, field, 254);
        if (text is not null && !IsEmail(text))
        {
            Fail(field, "Must be an email address such as perfusion@example.nhs.uk.");
            return null;
        }

        return text;
    }

    public string? Phone(JsonElement value, string field)
    {
        var text = Text(value, field, 30);
        if (text is not null && (!PhonePattern().IsMatch(text) || text.Count(char.IsAsciiDigit) is < 7 or > 15))
        {
            Fail(field, "Must be a phone number of 7 to 15 digits, optionally starting with +, with spaces, dashes or brackets, e.g. +44 20 7946 0000.");
            return null;
        }

        return text;
    }

    public string? Url(JsonElement value, string field)
    {
        var text = Text(value, field, 500);
        if (text is not null && !IsWebUrl(text))
        {
            Fail(field, "Must be an absolute http:// or https:// URL.");
            return null;
        }

        return text;
    }

    public bool? Bool(JsonElement value, string field)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.True:
            case JsonValueKind.False:
                return value.GetBoolean();
            default:
                Fail(field, "Must be true, false or null.");
                return null;
        }
    }

    public int? Int(JsonElement value, string field, int min, int max)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
        {
            Fail(field, $"Must be a whole number from {min} to {max}, or null.");
            return null;
        }

        return number;
    }

    public decimal? Money(JsonElement value, string field)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number) || number < 0 || number > 10_000_000 || decimal.Round(number, 2) != number)
        {
            Fail(field, "Must be a number from 0 to 10000000 with at most two decimals, or null.");
            return null;
        }

        return number;
    }

    public DateOnly? Date(JsonElement value, string field)
    {
        var text = Text(value, field, 10);
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Fail(field, "Must be a date written yyyy-MM-dd.");
            return null;
        }

        return date;
    }

    public string? OneOf(JsonElement value, string field, IReadOnlyList<string> allowed)
    {
        var text = Text(value, field, 100);
        if (text is null)
        {
            return null;
        }

        var match = allowed.FirstOrDefault(a => a.Equals(text, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            Fail(field, $"Unknown value '{Shorten(text)}'; use one of: {string.Join(", ", allowed)}.");
        }

        return match;
    }

    public static bool IsEmail(string text) => text.Length <= 254 && EmailPattern().IsMatch(text);

    public static bool IsWebUrl(string text) =>
        text.Length <= 500
        && !text.Any(char.IsWhiteSpace)
        && Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0
        && string.IsNullOrEmpty(uri.UserInfo);

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+?[0-9][0-9 ()-]*[0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}
