using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Vacancies.Http;

/// <summary>
/// Reads query parameters by hand so that every bad value becomes a 400 problem document naming its
/// parameter, instead of model binding's silent defaults or its 500 on a value it cannot convert.
/// </summary>
public sealed class QueryReader(IQueryCollection query)
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public const int MaxTextLength = 200;

    public bool HasErrors => errors.Count > 0;

    public ValidationProblem Problem() => TypedResults.ValidationProblem(
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        title: "One or more query parameters are invalid.",
        detail: string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));

    public void Fail(string parameter, string message)
    {
        if (!errors.TryGetValue(parameter, out var list))
        {
            errors[parameter] = list = [];
        }

        list.Add(message);
    }

    /// <summary>A parameter that may be given at most once.</summary>
    public string? Single(string name)
    {
        var values = query[name];
        if (values.Count > 1)
        {
            Fail(name, "Give this parameter once.");
            return null;
        }

        var value = values.Count == 1 ? values[0] : null;
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public string? Text(string name)
    {
        var value = Single(name)?.Trim();
        if (value is { Length: > MaxTextLength })
        {
            Fail(name, $"At most {MaxTextLength} characters.");
            return null;
        }

        // PostgreSQL text cannot hold a NUL: passed on, it fails the query and answers 500.
        if (value is not null && value.Contains('\0', StringComparison.Ordinal))
        {
            Fail(name, "Must not contain the NUL character.");
            return null;
        }

        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Values from a closed vocabulary, repeatable or comma-separated, compared case-insensitively.</summary>
    public IReadOnlyList<string> OneOf(string name, IReadOnlyCollection<string> allowed)
    {
        var found = new List<string>();
        foreach (var raw in query[name])
        {
            foreach (var part in (raw ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var match = allowed.FirstOrDefault(a => string.Equals(a, part, StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    Fail(name, $"Unknown value '{Shorten(part)}'; use one of: {string.Join(", ", allowed)}.");
                }
                else if (!found.Contains(match))
                {
                    found.Add(match);
                }
            }
        }

        return found;
    }

    public int? Int(string name, int min, int max)
    {
        var raw = Single(name);
        if (raw is null)
        {
            return null;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Fail(name, $"Must be a whole number from {min} to {max}.");
            return null;
        }

        return value;
    }

    public double? Number(string name, double min, double max)
    {
        var raw = Single(name);
        if (raw is null)
        {
            return null;
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < min || value > max)
        {
            Fail(name, $"Must be a number from {min} to {max}.");
            return null;
        }

        return value;
    }

    public bool? Bool(string name)
    {
        var raw = Single(name);
        if (raw is null)
        {
            return null;
        }

        if (!bool.TryParse(raw, out var value))
        {
            Fail(name, "Must be true or false.");
            return null;
        }

        return value;
    }

    public DateOnly? Date(string name)
    {
        var raw = Single(name);
        if (raw is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            Fail(name, "Must be a date written yyyy-MM-dd.");
            return null;
        }

        return value;
    }

    /// <summary>`near=LAT,LON` with an optional `radiusKm` (1..2000).</summary>
    public GeoFilter? Near(string nearName = "near", string radiusName = "radiusKm")
    {
        var raw = Single(nearName);
        var radius = Number(radiusName, 1, 2000);
        if (raw is null)
        {
            if (radius is not null)
            {
                Fail(radiusName, $"Needs {nearName}=LAT,LON.");
            }

            return null;
        }

        var parts = raw.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
            || !double.IsFinite(lat) || !double.IsFinite(lon) || lat is < -90 or > 90 || lon is < -180 or > 180)
        {
            Fail(nearName, "Must be LAT,LON in decimal degrees, latitude -90..90 and longitude -180..180, e.g. 53.48,-2.24.");
            return null;
        }

        return new GeoFilter(lat, lon, radius);
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

public sealed record GeoFilter(double Lat, double Lon, double? RadiusKm);
