using Microsoft.Extensions.Options;

namespace Vacancies.Chiefs;

/// <summary>Limits on the chiefs' write endpoints, bound from `Chiefs:*`.</summary>
public sealed class ChiefsOptions
{
    public const string Section = "Chiefs";

    /// <summary>Writes one token may make per window.</summary>
    public int PermitsPerToken { get; set; } = 30;

    /// <summary>Writes (authenticated or not) one client address may make per window: it also slows
    /// anyone guessing tokens.</summary>
    public int PermitsPerAddress { get; set; } = 60;

    public int WindowSeconds { get; set; } = 60;
}

internal sealed class ChiefsOptionsValidator : IValidateOptions<ChiefsOptions>
{
    public ValidateOptionsResult Validate(string? name, ChiefsOptions options)
    {
        var failures = new List<string>();
        if (options.PermitsPerToken is < 1 or > 100_000)
        {
            failures.Add($"{ChiefsOptions.Section}:PermitsPerToken must be between 1 and 100000, not {options.PermitsPerToken}.");
        }

        if (options.PermitsPerAddress is < 1 or > 100_000)
        {
            failures.Add($"{ChiefsOptions.Section}:PermitsPerAddress must be between 1 and 100000, not {options.PermitsPerAddress}.");
        }

        if (options.WindowSeconds is < 1 or > 86_400)
        {
            failures.Add($"{ChiefsOptions.Section}:WindowSeconds must be between 1 and 86400, not {options.WindowSeconds}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
