using Vacancies.Boards.HscNi;

namespace Vacancies.Boards.Tests.HscNi;

public class HscNiParserTests
{
    private const string Board = "hsc-ni";
    private readonly HscNiParser parser = new();

    public static TheoryData<string> Pages => FixturePages.WithExpected(Board);

    [Theory]
    [MemberData(nameof(Pages))]
    public void Parses_each_fixture_page_as_expected(string page) => FixturePages.AssertParsesAsExpected(parser, Board, page);

    [Fact]
    public void Search_path_carries_keyword_and_page()
    {
        Assert.Equal("/Search?SearchCatID=0&keyword=perfusion&page=2", HscNiParser.SearchPath("perfusion", 2));
        Assert.Equal("/Search?SearchCatID=0&keyword=clinical%20perfusion&page=1", HscNiParser.SearchPath("clinical perfusion", 1));
        Assert.Equal("https://jobs.hscni.net/", HscNiParser.RealHost.AbsoluteUri);
    }

    [Fact]
    public void Next_page_is_the_rel_next_link_on_the_real_host()
    {
        Assert.Equal("https://jobs.hscni.net/Search?SearchCatID=0&keyword=cardiac&page=2", parser.Parse(FixturePages.Read(Board, "search-p1.html")).NextPage);
        Assert.Null(parser.Parse(FixturePages.Read(Board, "search-p2.html")).NextPage);
    }

    [Fact]
    public void Card_and_job_page_build_the_same_url()
    {
        var card = parser.Parse(FixturePages.Read(Board, "search-p1.html")).Vacancies.Single(v => v.SourceRef == "46988");
        var job = parser.Parse(FixturePages.Read(Board, "job-46988.html")).Vacancies.Single();
        Assert.Equal(card.Url, job.Url);
        Assert.Equal("71977420", job.Advert!.EmployerReference);
    }

    [Fact]
    public void Card_links_absolute_on_another_host_still_name_the_real_host()
    {
        var page = FixturePages.Read(Board, "search-p1.html")
            .Replace("href=\"/Job/46988/", "href=\"http://localhost:5056/Job/46988/", StringComparison.Ordinal);
        Assert.Equal("https://jobs.hscni.net/Job/46988/71977420clinical-perfusion-scientist-fixed-term", parser.Parse(page).Vacancies[0].Url);
    }

    [Fact]
    public void Card_id_falls_back_to_the_link_when_data_id_is_missing()
    {
        var page = FixturePages.Read(Board, "search-p1.html").Replace(" data-id=\"46988\"", "", StringComparison.Ordinal);
        Assert.Equal("46988", parser.Parse(page).Vacancies[0].SourceRef);
    }

    [Fact]
    public void Band_comes_from_the_salary_else_the_title()
    {
        var vacancies = parser.Parse(FixturePages.Read(Board, "search-p2.html")).Vacancies;
        Assert.Equal("6", vacancies[0].Band);
        Assert.Equal("4", vacancies[1].Band);
        Assert.Null(vacancies[2].Band);
    }

    [Fact]
    public void Card_items_are_read_by_label_not_position()
    {
        var trainee = parser.Parse(FixturePages.Read(Board, "search-p2.html")).Vacancies[0];
        Assert.Equal("Belfast Health and Social Care Trust", trainee.Employer);
        Assert.Equal("Royal Victoria Hospital, Belfast", trainee.Location);
        Assert.Equal("Fixed Term (36 months)", trainee.ContractType);
        Assert.Equal(Grade.Trainee, trainee.Grade);
    }

    [Fact]
    public void A_page_past_the_last_one_states_its_total_and_lists_nothing()
    {
        var page = FixturePages.Read(Board, "search-p2.html");
        var start = page.IndexOf("<div class=\"job-result-overview\">", StringComparison.Ordinal);
        var end = page.IndexOf("<nav class=\"pagination\"", StringComparison.Ordinal);
        var parsed = parser.Parse(page[..start] + "<div class=\"job-result-overview\">\n    </div>\n    " + page[end..]);
        Assert.Equal(PageKind.Listing, parsed.Kind);
        Assert.Equal(23, parsed.TotalResults);
        Assert.Null(parsed.NextPage);
        Assert.Empty(parsed.Vacancies);
    }

    [Fact]
    public void A_search_without_results_is_an_empty_list()
    {
        var page = FixturePages.Read(Board, "search-p2.html");
        var start = page.IndexOf("<p class=\"search-summary\">", StringComparison.Ordinal);
        var end = page.IndexOf("</main>", StringComparison.Ordinal);
        var parsed = parser.Parse(page[..start] + "<p class=\"search-summary\">No jobs found for <strong>perfusionist</strong></p>\n  " + page[end..]);
        Assert.Equal(0, parsed.TotalResults);
        Assert.Null(parsed.NextPage);
        Assert.Empty(parsed.Vacancies);
    }

    [Fact]
    public void Results_claimed_but_no_card_readable_fails_loudly()
    {
        var page = FixturePages.Read(Board, "search-p1.html").Replace("<article class=\"job-result\"", "<article class=\"vacancy\"", StringComparison.Ordinal);
        Assert.Throws<PageFormatException>(() => parser.Parse(page));
    }

    [Fact]
    public void Results_claimed_without_a_results_container_fails_loudly()
    {
        var page = FixturePages.Read(Board, "search-p1.html");
        var start = page.IndexOf("<div class=\"job-result-overview\">", StringComparison.Ordinal);
        var end = page.IndexOf("<nav class=\"pagination\"", StringComparison.Ordinal);
        Assert.Throws<PageFormatException>(() => parser.Parse(page[..start] + "<div class=\"results-grid\"></div>" + page[end..]));
    }

    [Fact]
    public void A_card_without_its_job_link_fails_loudly()
    {
        var page = FixturePages.Read(Board, "search-p1.html")
            .Replace("<a href=\"/Job/46988/71977420clinical-perfusion-scientist-fixed-term\">Clinical Perfusion Scientist (Fixed Term)</a>", "Clinical Perfusion Scientist (Fixed Term)", StringComparison.Ordinal);
        Assert.Throws<PageFormatException>(() => parser.Parse(page));
    }

    [Fact]
    public void A_job_page_without_an_apply_link_fails_loudly()
    {
        var page = FixturePages.Read(Board, "job-46988.html").Replace("https://jobs-app.hscni.net/Job/Apply/46988", "/Help", StringComparison.Ordinal);
        Assert.Throws<PageFormatException>(() => parser.Parse(page));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not html at all \u0000\u0001 {\"json\": true}")]
    [InlineData("<html><body><h1>Service unavailable</h1></body></html>")]
    [InlineData("<?xml version=\"1.0\"?><rss><channel><item><title>Perfusionist</title></item></channel></rss>")]
    public void A_page_that_is_neither_list_nor_job_fails_loudly(string content) =>
        Assert.Throws<PageFormatException>(() => parser.Parse(content));

    [Theory]
    [MemberData(nameof(Pages))]
    public void A_truncated_page_never_throws_anything_but_a_format_error(string page) =>
        Robustness.EveryTruncation(parser, FixturePages.Read(Board, page));
}
