using System.Text.RegularExpressions;
using Vacancies.Boards;
using Vacancies.Boards.PublicJobs;

namespace Vacancies.Boards.Tests.PublicJobs;

public partial class PublicJobsParserTests
{
    private const string Board = "publicjobs";
    private const string BoardPage = "search-start0.html";
    private const string VacancyPage = "opp-9005.html";

    private readonly PublicJobsParser parser = new();

    public static TheoryData<string> Pages => FixturePages.WithExpected(Board);

    [Theory]
    [MemberData(nameof(Pages))]
    public void Parses_each_fixture_page_as_expected(string page) => FixturePages.AssertParsesAsExpected(parser, Board, page);

    [Fact]
    public void The_total_is_the_results_heading_never_a_facet_count()
    {
        var html = FixturePages.Read(Board, BoardPage);
        Assert.Matches(@"\(\d+ Results\)", html);

        Assert.Equal(277, parser.Parse(html).TotalResults);
    }

    [Fact]
    public void Vacancy_links_lose_their_per_session_prefix()
    {
        var page = parser.Parse(FixturePages.Read(Board, BoardPage));

        Assert.Equal(50, page.Vacancies.Count);
        Assert.All(page.Vacancies, v => Assert.StartsWith($"https://publicjobs.tal.net/candidate/so/pm/1/pl/3/opp/{v.SourceRef}-", v.Url, StringComparison.Ordinal));
        Assert.All(page.Vacancies, v => Assert.DoesNotContain("/vx/", v.Url, StringComparison.Ordinal));
    }

    [Fact]
    public void The_next_page_is_taken_relative_to_the_board_whatever_form_the_link_has()
    {
        var relative = FixturePages.Read(Board, BoardPage);
        var absolute = relative.Replace(
            "<a href=\"?start=50\">Next page</a>",
            "<a href=\"https://publicjobs.tal.net/vx/lang-en-GB/mobile-0/appcentre-1/brand-4/xf-82c76f394d69/candidate/jobboard/vacancy/3/adv/?start=50\">Next page</a>",
            StringComparison.Ordinal);
        Assert.NotEqual(relative, absolute);

        Assert.Equal("https://publicjobs.tal.net/candidate/jobboard/vacancy/3/adv/?start=50", parser.Parse(relative).NextPage);
        Assert.Equal("https://publicjobs.tal.net/candidate/jobboard/vacancy/3/adv/?start=50", parser.Parse(absolute).NextPage);
    }

    [Fact]
    public void A_tile_without_a_location_field_has_no_location_and_september_is_sept()
    {
        var tile = parser.Parse(FixturePages.Read(Board, BoardPage)).Vacancies.Single(v => v.SourceRef == "134");

        Assert.Null(tile.Location);
        Assert.Equal("Irish Prison Service", tile.Employer);
        Assert.Equal(new DateOnly(2026, 9, 3), tile.PostedOn);
    }

    [Fact]
    public void Tiles_and_vacancy_pages_show_no_salary_contract_or_pattern_on_the_board()
    {
        var tile = parser.Parse(FixturePages.Read(Board, BoardPage)).Vacancies[1];
        var advert = Assert.Single(parser.Parse(FixturePages.Read(Board, VacancyPage)).Vacancies);

        Assert.Equal(Salary.None, tile.Salary);
        Assert.Equal(Salary.None, advert.Salary);
        Assert.Null(tile.ContractType);
        Assert.Null(tile.WorkingPattern);
        Assert.Equal("Permanent", advert.ContractType);
        Assert.Equal("Full-Time", advert.WorkingPattern);
    }

    [Fact]
    public void A_perfusion_post_on_the_board_is_flagged_and_graded()
    {
        var page = parser.Parse(FixturePages.Read(Board, "search-perfusion-last.html"));

        var post = page.Vacancies[0];
        Assert.True(post.IsPerfusion);
        Assert.Equal(Grade.Clinical, post.Grade);
        Assert.Null(post.Audience);
        Assert.Null(page.NextPage);
        Assert.False(page.Vacancies[1].IsPerfusion);
    }

    [Fact]
    public void The_vacancy_page_address_comes_from_bare_url_then_canonical_then_title()
    {
        var html = FixturePages.Read(Board, VacancyPage);
        const string Expected = "https://publicjobs.tal.net/candidate/so/pm/1/pl/3/opp/9005-Graduate-Opportunities-2026-Administrative-Officer-Specialist/en-GB";
        var noBareUrl = BareUrl().Replace(html, string.Empty);
        var noAddress = CanonicalLink().Replace(noBareUrl, string.Empty);
        Assert.DoesNotContain("bare_url", noBareUrl, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"canonical\"", noAddress, StringComparison.Ordinal);

        Assert.Equal(Expected, parser.Parse(html).Vacancies[0].Url);
        Assert.Equal(Expected, parser.Parse(noBareUrl).Vacancies[0].Url);
        Assert.Equal(Expected, parser.Parse(noAddress).Vacancies[0].Url);
    }

    [Fact]
    public void A_slug_built_from_the_title_percent_encodes_letters_outside_ascii()
    {
        var html = CanonicalLink().Replace(BareUrl().Replace(FixturePages.Read(Board, VacancyPage), string.Empty), string.Empty)
            .Replace("Graduate Opportunities 2026 Administrative Officer Specialist</h1>", "Head of Estate Management An Garda Síochána</h1>", StringComparison.Ordinal)
            .Replace("<h4>Vacancy ID</h4><p>9005</p>", "<h4>Vacancy ID</h4><p>9144</p>", StringComparison.Ordinal);

        var vacancy = Assert.Single(parser.Parse(html).Vacancies);

        Assert.Equal("9144", vacancy.SourceRef);
        Assert.Equal("https://publicjobs.tal.net/candidate/so/pm/1/pl/3/opp/9144-Head-of-Estate-Management-An-Garda-S%C3%ADoch%C3%A1na/en-GB", vacancy.Url);
    }

    [Fact]
    public void The_served_address_does_not_change_the_canonical_url() =>
        FixturePages.AssertParsesAsExpected(parser, Board, VacancyPage, new Uri("http://localhost:5082/stand-in/candidate/so/pm/1/pl/3/opp/9005-Graduate-Opportunities-2026-Administrative-Officer-Specialist/en-GB"));

    [Fact]
    public void The_description_is_job_summary_then_main_duties_without_the_organisation_or_blank_paragraphs()
    {
        var description = Assert.Single(parser.Parse(FixturePages.Read(Board, VacancyPage)).Vacancies).Advert!.Description!;

        Assert.StartsWith("The Administrative Officer (AO) is the main graduate recruitment grade", description, StringComparison.Ordinal);
        Assert.EndsWith("Please see the Candidate Information Booklet for details of the main duties and specific eligibility requirements for each specialist role.", description, StringComparison.Ordinal);
        Assert.DoesNotContain("large, complex organisation", description, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n\n", description, StringComparison.Ordinal);
        Assert.All(description.Split("\n\n"), p => Assert.False(string.IsNullOrWhiteSpace(p)));
    }

    [Fact]
    public void A_value_split_over_paragraphs_reads_whole_and_an_empty_one_is_null()
    {
        var html = FixturePages.Read(Board, VacancyPage);
        var empty = html.Replace("<h4>Location</h4><p>Dublin</p><p>&#160;</p>", "<h4>Location</h4><p>&#160;</p>", StringComparison.Ordinal);
        Assert.NotEqual(html, empty);

        Assert.Equal("Dublin", parser.Parse(html).Vacancies[0].Location);
        Assert.Null(parser.Parse(empty).Vacancies[0].Location);
    }

    [Fact]
    public void A_salary_pair_if_a_page_ever_states_one_is_read()
    {
        var html = FixturePages.Read(Board, VacancyPage).Replace(
            "<h4>Contract</h4>",
            "<h4>Salary</h4><p>€41,520 - €47,886 per annum&#160;</p>    </div><div class=\"form_row form_label hform_label\"><h4>Contract</h4>",
            StringComparison.Ordinal);

        var salary = parser.Parse(html).Vacancies[0].Salary;

        Assert.Equal(41520m, salary.Min);
        Assert.Equal(SalaryPeriod.Year, salary.Period);
    }

    [Fact]
    public void A_page_past_the_end_states_the_total_and_lists_nothing()
    {
        var html = EmptyBoard(FixturePages.Read(Board, BoardPage), keepNext: false);

        var page = parser.Parse(html, new Uri("https://publicjobs.tal.net/candidate/jobboard/vacancy/3/adv/?start=300"));

        Assert.Equal(277, page.TotalResults);
        Assert.Null(page.NextPage);
        Assert.Empty(page.Vacancies);
    }

    [Fact]
    public void An_empty_board_page_inside_the_stated_total_fails_loudly() =>
        Assert.Throws<PageFormatException>(() => parser.Parse(EmptyBoard(FixturePages.Read(Board, BoardPage), keepNext: false), new Uri("https://publicjobs.tal.net/candidate/jobboard/vacancy/3/adv/?start=50")));

    [Fact]
    public void An_empty_board_page_that_links_onward_fails_loudly() =>
        Assert.Throws<PageFormatException>(() => parser.Parse(EmptyBoard(FixturePages.Read(Board, BoardPage), keepNext: true)));

    [Fact]
    public void A_board_whose_tiles_changed_markup_fails_loudly()
    {
        var html = FixturePages.Read(Board, BoardPage)
            .Replace("id=\"tile-results-list\"", "id=\"vacancy-grid\"", StringComparison.Ordinal)
            .Replace("<li class=\"col-md-6 opp-container\"", "<li class=\"vacancy-card\"", StringComparison.Ordinal)
            .Replace(" data-oppid=", " data-vacancy=", StringComparison.Ordinal);

        Assert.Throws<PageFormatException>(() => parser.Parse(html));
    }

    [Fact]
    public void A_tile_without_a_vacancy_link_fails_loudly()
    {
        var html = FixturePages.Read(Board, BoardPage).Replace("<a class=\"subject\" href=", "<a class=\"subject\" data-href=", StringComparison.Ordinal);

        Assert.Throws<PageFormatException>(() => parser.Parse(html));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage \u0000 <<<>>> }{")]
    [InlineData("<html><body><h1>Vacancy not found</h1><p>This vacancy is no longer available.</p></body></html>")]
    [InlineData("<?xml version=\"1.0\"?><rss><channel></channel></rss>")]
    public void A_page_that_is_neither_board_nor_vacancy_fails_loudly(string content) =>
        Assert.Throws<PageFormatException>(() => parser.Parse(content));

    [Theory]
    [MemberData(nameof(Pages))]
    public void A_truncated_page_never_throws_anything_but_a_page_format_exception(string page) =>
        Robustness.EveryTruncation(parser, FixturePages.Read(Board, page));

    [Fact]
    public void Paths_are_on_the_real_host()
    {
        Assert.Equal(new Uri("https://publicjobs.tal.net"), PublicJobsParser.RealHost);
        Assert.Equal("/candidate/jobboard/vacancy/3/adv/?start=50", PublicJobsParser.BoardPath(50));
        Assert.Equal("publicjobs", parser.Source);
    }

    /// <summary>The board page with its tiles removed, its heading and paging kept as they were.</summary>
    private static string EmptyBoard(string html, bool keepNext)
    {
        var start = html.IndexOf("<li class=\"col-md-6 opp-container\"", StringComparison.Ordinal);
        var end = html.IndexOf("</ul>", start, StringComparison.Ordinal);
        var empty = html[..start] + html[end..];
        return keepNext ? empty : empty.Replace("<a href=\"?start=50\">Next page</a>", string.Empty, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"WCN\.global_config\.bare_url\s*=\s*'[^']*';")]
    private static partial Regex BareUrl();

    [GeneratedRegex(@"<link rel=""canonical""[^>]*>")]
    private static partial Regex CanonicalLink();
}
