using Microsoft.Extensions.Options;

namespace Vacancies.Caching;

/// <summary>`Cache:*`: the in-memory cache of the public answers (units, vacancies, feeds).</summary>
public sealed class CacheOptions
{
    public const string Section = "Cache";

    public bool Enabled { get; set; } = true;

    /// <summary>The longest an answer is kept. A change in the database evicts at once, and every answer expires when
    /// the UK date turns over (posts close by date); this is a last bound on anything else.</summary>
    public int MaxAgeSeconds { get; set; } = 600;

    /// <summary>Memory the cached bodies may take; the least used go first beyond it.</summary>
    public int SizeLimitMegabytes { get; set; } = 128;
}

internal sealed class CacheOptionsValidator : IValidateOptions<CacheOptions>
{
    public ValidateOptionsResult Validate(string? name, CacheOptions options)
    {
        var failures = new List<string>();
        if (options.MaxAgeSeconds is < 1 or > 86_400)
        {
            failures.Add($"{CacheOptions.Section}:MaxAgeSeconds must be from 1 to 86400, not {options.MaxAgeSeconds}.");
        }

        if (options.SizeLimitMegabytes is < 1 or > 16_384)
        {
            failures.Add($"{CacheOptions.Section}:SizeLimitMegabytes must be from 1 to 16384, not {options.SizeLimitMegabytes}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
