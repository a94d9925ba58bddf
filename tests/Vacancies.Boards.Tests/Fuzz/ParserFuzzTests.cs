using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Vacancies.Boards.HscNi;
using Vacancies.Boards.Hse;
using Vacancies.Boards.NhsJobs;
using Vacancies.Boards.NhsScotland;
using Vacancies.Boards.PublicJobs;

namespace Vacancies.Boards.Tests.Fuzz;

/// <summary>
/// Every parser fed thousands of broken pages made from its fixtures with a fixed seed: each input is read or
/// refused with a <see cref="PageFormatException"/>, never anything else, within a bounded time and allocation.
/// An input that fails is written to FuzzCorpus/&lt;board&gt;/ so it replays as a test case of its own.
/// VACANCIES_FUZZ_SEED and VACANCIES_FUZZ_ROUNDS explore further than the suite's bounded run.
/// </summary>
public sealed class ParserFuzzTests
{
    public const int DefaultSeed = 20261128;

    // Generous for a 2-core machine shared with other builds; a parser that goes quadratic blows far past them.
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PerHugeInput = TimeSpan.FromSeconds(20);
    private const int HugeLength = 5 * 1024 * 1024;

    // Every board has at least four fixtures, so at least a thousand inputs each; the suite runs in about 20 s on 2 cores.
    private const int MutationsPerFixture = 250;

    private static readonly Dictionary<string, IBoardParser> Parsers = new(StringComparer.Ordinal)
    {
        ["nhs-jobs"] = new NhsJobsParser(),
        ["nhs-scotland"] = new NhsScotlandParser(),
        ["hsc-ni"] = new HscNiParser(),
        ["hse"] = new HseParser(),
        ["publicjobs"] = new PublicJobsParser(),
    };

    // Addresses a page may be said to come from, including ones a board never serves.
    private static readonly Dictionary<string, string[]> ServedFrom = new(StringComparer.Ordinal)
    {
        ["nhs-jobs"] = ["https://www.jobs.nhs.uk/candidate/search/results?keyword=perfusion&page=99999999999", "https://www.jobs.nhs.uk/api/v1/search_xml?page=-1"],
        ["nhs-scotland"] = ["https://apply.jobs.scot.nhs.uk/Home/_JobCard?Skip=2147483648", "https://apply.jobs.scot.nhs.uk/Job/JobDetail?JobId=%00"],
        ["hsc-ni"] = ["https://jobs.hscni.net/Search?page=0", "https://jobs.hscni.net/Job/x/%%"],
        ["hse"] = ["https://about.hse.ie/jobs/job-search/?page=99999999999999", "https://about.hse.ie/jobs/job-search/%E2%80%AE/"],
        ["publicjobs"] = ["https://publicjobs.tal.net/candidate/jobboard/vacancy/3/adv/?start=-5", "https://publicjobs.tal.net/candidate/so/pm/1/pl/3/opp/x/en-GB"],
    };

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("VACANCIES_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed;

    private static int Rounds => int.TryParse(Environment.GetEnvironmentVariable("VACANCIES_FUZZ_ROUNDS"), CultureInfo.InvariantCulture, out var rounds) && rounds > 0 ? rounds : 1;

    public static TheoryData<string> Boards() => [.. Parsers.Keys];

    [Theory]
    [MemberData(nameof(Boards))]
    public void Mutated_fixtures_are_read_or_refused_never_anything_else(string board)
    {
        var parser = Parsers[board];
        var failures = new List<string>();
        var inputs = 0;
        foreach (var fixture in Fixtures(board))
        {
            var page = FixturePages.Read(board, fixture);
            var count = Rounds * MutationsPerFixture;
            var mutator = new Mutator(HashCode.Combine(Seed, StableHash(fixture)));
            for (var i = 0; i < count; i++)
            {
                var input = mutator.Mutate(page);
                var servedFrom = i % 3 == 0 ? null : new Uri(ServedFrom[board][i % 2]);
                inputs++;
                if (Check(parser, input, servedFrom, PerInput) is { } failure)
                {
                    failures.Add($"{fixture} #{i}: {failure} -> {SaveToCorpus(board, $"{fixture}-seed{Seed}-{i}", input)}");
                }
            }
        }

        Assert.True(inputs >= 1000, $"only {inputs} inputs for {board}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {inputs} inputs failed:\n{string.Join("\n", failures.Take(20))}");
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public void Huge_inputs_are_read_or_refused_in_bounded_time(string board)
    {
        var parser = Parsers[board];
        var mutator = new Mutator(HashCode.Combine(Seed, StableHash(board)));
        var biggest = Fixtures(board).Select(f => FixturePages.Read(board, f)).OrderByDescending(p => p.Length).First();
        var repeated = new StringBuilder(HugeLength + biggest.Length);
        while (repeated.Length < HugeLength)
        {
            repeated.Append(biggest);
        }

        var huge = new (string Name, string Input)[]
        {
            ("repeated-page", repeated.ToString()),
            ("random", mutator.RandomText(HugeLength)),
            ("deep-nesting", string.Concat(Enumerable.Repeat("<div>", 200_000))),
            ("one-long-text", "<html><body><h1>" + new string('9', HugeLength) + "</h1></body></html>"),
        };
        var failures = new List<string>();
        foreach (var (name, input) in huge)
        {
            if (Check(parser, input, null, PerHugeInput) is { } failure)
            {
                failures.Add($"{name}: {failure} -> {SaveToCorpus(board, $"huge-{name}", input)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Every input kept from an earlier failure, replayed: FuzzCorpus/&lt;board&gt;/*.utf16 as saved by a failing run
    /// (raw UTF-16 code units, so lone surrogates survive), *.txt (UTF-8) written by hand.</summary>
    [Theory]
    [MemberData(nameof(Corpus))]
    public void Corpus_inputs_are_read_or_refused(string board, string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "FuzzCorpus", board, file);
        var input = file.EndsWith(".utf16", StringComparison.Ordinal)
            ? new string(MemoryMarshal.Cast<byte, char>(File.ReadAllBytes(path)))
            : File.ReadAllText(path, Encoding.UTF8);
        Assert.Null(Check(Parsers[board], input, null, PerHugeInput));
    }

    public static TheoryData<string, string> Corpus()
    {
        var data = new TheoryData<string, string>();
        foreach (var board in Parsers.Keys)
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "FuzzCorpus", board);
            var files = Directory.Exists(folder) ? Directory.GetFiles(folder).Where(f => f.EndsWith(".utf16", StringComparison.Ordinal) || f.EndsWith(".txt", StringComparison.Ordinal)) : [];
            foreach (var file in files.Order(StringComparer.Ordinal))
            {
                data.Add(board, Path.GetFileName(file));
            }
        }

        return data;
    }

    /// <summary>Null when the parser read the input or refused it properly, in time and without runaway allocation; else what went wrong.</summary>
    private static string? Check(IBoardParser parser, string input, Uri? servedFrom, TimeSpan limit)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        try
        {
            parser.Parse(input, servedFrom);
        }
        catch (PageFormatException)
        {
        }
        catch (Exception exception)
        {
            return $"{exception.GetType().Name}: {exception.Message}";
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        // A DOM costs tens of bytes per character of markup; hundreds of times the input means something runs away.
        var allocationLimit = 64L * 1024 * 1024 + 400L * input.Length * sizeof(char);
        if (allocated > allocationLimit)
        {
            return $"allocated {allocated / (1024 * 1024)} MB for {input.Length} characters";
        }

        return clock.Elapsed > limit ? $"took {clock.Elapsed.TotalSeconds:0.0}s (limit {limit.TotalSeconds:0}s)" : null;
    }

    private static IEnumerable<string> Fixtures(string board) =>
        Directory.GetFiles(FixturePages.Folder(board))
            .Where(f => f.EndsWith(".html", StringComparison.Ordinal) || f.EndsWith(".xml", StringComparison.Ordinal))
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    // string.GetHashCode differs between runs; the seed of each fixture must not.
    private static int StableHash(string text) => text.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));

    /// <summary>Keeps a failing input beside the sources (found from the test's output folder), so it replays as a case of
    /// <see cref="Corpus_inputs_are_read_or_refused"/> once committed.</summary>
    private static string SaveToCorpus(string board, string name, string input)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vacancies.sln")))
        {
            directory = directory.Parent;
        }

        var root = directory is null ? AppContext.BaseDirectory : Path.Combine(directory.FullName, "tests", "Vacancies.Boards.Tests");
        var folder = Path.Combine(root, "FuzzCorpus", board);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".utf16");
        File.WriteAllBytes(path, MemoryMarshal.AsBytes(input.AsSpan()).ToArray());
        return path;
    }
}
