using System.Diagnostics;

namespace Vacancies.Boards.Tests.Fuzz;

public sealed class BoardHtmlTests
{
    [Fact]
    public void Every_fixture_page_nests_far_below_the_limit()
    {
        var pages = Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "Fixtures"))
            .SelectMany(board => Directory.GetFiles(board, "*.html"));
        Assert.All(pages, page => Assert.InRange(BoardHtml.OpenDepth(File.ReadAllText(page)), 1, BoardHtml.MaxDepth / 10));
    }

    [Fact]
    public void A_page_nested_past_the_limit_is_refused_before_it_is_parsed()
    {
        var clock = Stopwatch.StartNew();
        var deep = string.Concat(Enumerable.Repeat("<div>", 200_000));

        Assert.Throws<PageFormatException>(() => BoardHtml.Parse("test", deep));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed.TotalSeconds:0.0}s");
    }

    [Theory]
    [InlineData("<p>a<br>b<img src=x><input/></p>", 1)]
    [InlineData("<div><div></div><div><span>x</span></div></div>", 3)]
    [InlineData("<script>if (a<b && c<d) { x = '<div>'; }</script><div></div>", 1)]
    [InlineData("<!-- <div><div><div> --><div>", 1)]
    [InlineData("a < b, 3<4", 0)]
    public void Depth_counts_only_tags_that_open(string html, int depth) => Assert.Equal(depth, BoardHtml.OpenDepth(html));
}
