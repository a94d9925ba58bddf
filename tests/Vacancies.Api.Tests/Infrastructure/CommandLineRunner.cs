using Vacancies.Hosting;

namespace Vacancies.Tests.Infrastructure;

/// <summary>Runs the service's command line in-process with its Console captured. The Console and the
/// environment are the process's, so runs take turns.</summary>
public static class CommandLineRunner
{
    private static readonly SemaphoreSlim ConsoleLock = new(1, 1);

    public static async Task<(int Exit, string Out, string Error)> RunAsync(string connectionString, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        await ConsoleLock.WaitAsync();
        var (oldOut, oldError) = (Console.Out, Console.Error);
        var settings = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["ConnectionStrings__Vacancies"] = connectionString };
        var previous = settings.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        var output = new StringWriter();
        var error = new StringWriter();
        try
        {
            foreach (var (key, value) in settings)
            {
                Environment.SetEnvironmentVariable(key, value);
            }

            Console.SetOut(output);
            Console.SetError(error);
            var exit = await CommandLine.RunAsync(args);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
            foreach (var (key, value) in previous)
            {
                Environment.SetEnvironmentVariable(key, value);
            }

            ConsoleLock.Release();
        }
    }
}
