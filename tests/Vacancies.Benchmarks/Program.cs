using BenchmarkDotNet.Running;
using Vacancies.Benchmarks;

// ops/bench runs each part: `parsers` (BenchmarkDotNet) and `ingest --db CONNECTION` (a timed harness, see IngestBenchmark).
return args switch
{
    ["parsers", .. var rest] => RunParsers(rest),
    ["ingest", .. var rest] => await IngestBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int RunParsers(string[] rest)
{
    var config = ParserBenchmarks.ShortConfig(rest.Length > 0 ? rest[0] : null);
    var summary = BenchmarkRunner.Run<ParserBenchmarks>(config);
    return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Vacancies.Benchmarks parsers [ARTIFACTS_DIR] | ingest --db CONNECTION [--sizes 10000,100000] [--repeat 3] [--out FILE]");
    return 2;
}
