using Microsoft.Extensions.Options;

namespace Vacancies.Database;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply pending migrations when the service starts (on in ops/run; off by default so a
    /// production node never changes the schema unasked).</summary>
    public bool MigrateOnStart { get; set; }

    /// <summary>Seconds a single command may run before it is cancelled.</summary>
    public int CommandTimeoutSeconds { get; set; } = 30;
}

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options) =>
        options.CommandTimeoutSeconds is < 1 or > 3600
            ? ValidateOptionsResult.Fail($"{DatabaseOptions.Section}:CommandTimeoutSeconds must be between 1 and 3600, not {options.CommandTimeoutSeconds}.")
            : ValidateOptionsResult.Success;
}
