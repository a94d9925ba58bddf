namespace Vacancies.Tests.Chiefs;

/// <summary>The "manage this unit" page, read as source: the rules that keep a chief's token and the
/// unit's stored text safe must hold for every line of it.</summary>
public sealed class ManagePageTests
{
    private static string WebRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "Vacancies.Api", "wwwroot");
            if (File.Exists(Path.Combine(candidate, "manage.js")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("src/Vacancies.Api/wwwroot/manage.js not found above " + AppContext.BaseDirectory);
    }

    private static string Script => File.ReadAllText(Path.Combine(WebRoot(), "manage.js"));

    private static string Page => File.ReadAllText(Path.Combine(WebRoot(), "manage.html"));

    [Theory]
    [InlineData("innerHTML")]
    [InlineData("outerHTML")]
    [InlineData("insertAdjacentHTML")]
    [InlineData("document.write")]
    [InlineData("eval(")]
    [InlineData("new Function")]
    [InlineData("localStorage")]
    [InlineData("document.cookie")]
    [InlineData("http:")]
    [InlineData("https:")]
    public void The_script_never_parses_text_as_HTML_or_keeps_the_token_beyond_the_tab(string forbidden) =>
        Assert.DoesNotContain(forbidden, Script, StringComparison.OrdinalIgnoreCase);

    [Theory]
    [InlineData("sessionStorage")]
    [InlineData("textContent")]
    [InlineData("'If-Match'")]
    [InlineData("application/merge-patch+json")]
    [InlineData("'Authorization': 'Bearer '")]
    public void The_script_sends_a_merge_patch_with_the_token_and_ETag(string expected) =>
        Assert.Contains(expected, Script, StringComparison.Ordinal);

    [Fact]
    public void The_page_loads_nothing_from_elsewhere_and_no_inline_script()
    {
        var page = Page;
        Assert.Contains("Content-Security-Policy", page);
        Assert.Contains("script-src 'self'", page);
        Assert.DoesNotContain("src=\"http", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"http", page, StringComparison.OrdinalIgnoreCase);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "<script"));
        Assert.Contains("<script src=\"manage.js\"></script>", page);
    }
}
