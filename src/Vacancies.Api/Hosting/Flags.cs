namespace Vacancies.Hosting;

/// <summary>A verb's options: `--name value` pairs, bare switches and positional arguments; anything
/// else is an error the caller turns into usage and exit code 2.</summary>
internal sealed class Flags
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> switches = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    public string? Error { get; private set; }

    public string? Value(string name) => values.GetValueOrDefault(name);

    public bool Has(string name) => switches.Contains(name) || values.ContainsKey(name);

    public static Flags Read(IReadOnlyList<string> args, IReadOnlyCollection<string> valued, IReadOnlyCollection<string> switches)
    {
        var flags = new Flags();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (valued.Contains(arg))
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    flags.Error = $"{arg} needs a value";
                    return flags;
                }

                flags.values[arg] = args[++i];
            }
            else if (switches.Contains(arg))
            {
                flags.switches.Add(arg);
            }
            else if (arg.StartsWith('-'))
            {
                flags.Error = $"unknown option '{arg}'";
                return flags;
            }
            else
            {
                flags.Positional.Add(arg);
            }
        }

        return flags;
    }
}
