using System.Text;
using System.Xml.Linq;
using AngleSharp.Html.Parser;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Vacancies.Boards;
using Vacancies.Sources;

namespace Vacancies.Benchmarks;

/// <summary>
/// Each board's list and advert parser on its fixture pages, against the baseline of merely parsing the same
/// document (AngleSharp for HTML, XDocument for the NHS Jobs XML). The Ratio column is what extraction costs on
/// top of the bare parse: the target is under 1.25.
/// </summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private string content = "";
    private IBoardParser parser = null!;
    private bool isXml;

    /// <summary>One list page and one advert per board, the largest of each kind in the fixtures, under names short
    /// enough for BenchmarkDotNet's table (it cuts longer values).</summary>
    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["nhsjobs-list-html"] = "nhs-jobs/search-cgl.html",
        ["nhsjobs-list-xml"] = "nhs-jobs/xml-perfusion.xml",
        ["nhsjobs-advert"] = "nhs-jobs/advert-trainee-perfusion.html",
        ["scot-search"] = "nhs-scotland/search.html",
        ["scot-cards"] = "nhs-scotland/jobcard-skip0.html",
        ["scot-advert"] = "nhs-scotland/detail-291204.html",
        ["hscni-list"] = "hsc-ni/search-p1.html",
        ["hscni-advert"] = "hsc-ni/job-46901.html",
        ["hse-list"] = "hse/listing-p1.html",
        ["hse-advert"] = "hse/job-senior-clinical-perfusionist-mater-misericordiae-university-hospital-mmuh26-0390.html",
        ["pubjobs-list"] = "publicjobs/search-start0.html",
        ["pubjobs-advert"] = "publicjobs/opp-9005.html",
    };

    public static IEnumerable<string> Pages() => Files.Keys;

    [ParamsSource(nameof(Pages))]
    public string Page { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var file = Files[Page];
        content = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", file), Encoding.UTF8);
        parser = SourceCatalog.Find(file[..file.IndexOf('/', StringComparison.Ordinal)])!.Parser;
        isXml = file.EndsWith(".xml", StringComparison.Ordinal);
    }

    [Benchmark(Baseline = true)]
    public int BareParse()
    {
        if (isXml)
        {
            return XDocument.Parse(content).Root!.Elements().Count();
        }

        using var document = new HtmlParser().ParseDocument(content);
        return document.ChildElementCount;
    }

    [Benchmark]
    public int Extract() => parser.Parse(content).Vacancies.Count;

    /// <summary>ShortRun in process: a few minutes for every page on two cores, at the cost of wider error bars.</summary>
    public static IConfig ShortConfig(string? artifacts)
    {
        var config = ManualConfig.CreateEmpty()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddExporter(MarkdownExporter.GitHub)
            .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
            .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
        return artifacts is null ? config : config.WithArtifactsPath(artifacts);
    }
}
