using Vacancies.Boards.NhsScotland;

namespace Vacancies.Boards.Tests.NhsScotland;

public class NhsScotlandParserTests
{
    private const string Board = "nhs-scotland";
    private readonly NhsScotlandParser parser = new();

    public static TheoryData<string> Pages => FixturePages.WithExpected(Board);

    [Theory]
    [MemberData(nameof(Pages))]
    public void Parses_each_fixture_page_as_expected(string page) => FixturePages.AssertParsesAsExpected(parser, Board, page);

    [Fact]
    public void Card_list_path_carries_keyword_and_skip()
    {
        Assert.Equal("/Home/_JobCard?what=perfusion&Skip=12", NhsScotlandParser.CardListPath("perfusion", 12));
        Assert.Equal("/Home/_JobCard?what=clinical%20perfusion&Skip=0", NhsScotlandParser.CardListPath("clinical perfusion", 0));
        Assert.Equal("https://apply.jobs.scot.nhs.uk/", NhsScotlandParser.RealHost.AbsoluteUri);
    }

    [Fact]
    public void Partial_and_search_page_list_the_same_cards()
    {
        var partial = parser.Parse(FixturePages.Read(Board, "jobcard-skip0.html"));
        var search = parser.Parse(FixturePages.Read(Board, "search.html"));
        Assert.Equal(PageKind.Listing, partial.Kind);
        Assert.Equal(partial.Vacancies, search.Vacancies);
        Assert.Equal(905, search.TotalResults);
        Assert.Equal("https://apply.jobs.scot.nhs.uk/Home/_JobCard?Skip=12", search.NextPage);
    }

    [Fact]
    public void Badges_are_not_part_of_the_title_even_inside_the_link()
    {
        var page = FixturePages.Read(Board, "jobcard-skip0.html").Replace(
            ">Senior Clinical Perfusion Scientist</a>",
            "><span class=\"badge job-card__badge\">New</span> Senior Clinical Perfusion Scientist</a>",
            StringComparison.Ordinal);
        Assert.Equal("Senior Clinical Perfusion Scientist", parser.Parse(page).Vacancies[0].Title);
    }

    [Fact]
    public void A_reference_prefix_is_dropped_from_card_and_detail_titles()
    {
        var card = parser.Parse(FixturePages.Read(Board, "jobcard-skip0.html")).Vacancies.Single(v => v.SourceRef == "291150");
        Assert.Equal("Specialist Pharmacist - Cardiology", card.Title);
        var detail = parser.Parse(FixturePages.Read(Board, "detail-291322.html")).Vacancies.Single();
        Assert.Equal("Trainee Clinical Perfusion Scientist", detail.Title);
    }

    [Fact]
    public void A_reference_shaped_prefix_is_dropped_when_the_card_shows_no_reference()
    {
        var page = FixturePages.Read(Board, "jobcard-skip0.html")
            .Replace("<p class=\"jobdetailsitem jobreference\"><strong>Job reference:</strong> PS251877</p>", "", StringComparison.Ordinal);
        Assert.Equal("Specialist Pharmacist - Cardiology", parser.Parse(page).Vacancies.Single(v => v.SourceRef == "291150").Title);
    }

    [Fact]
    public void A_title_with_a_dash_but_no_reference_keeps_its_first_words()
    {
        var card = parser.Parse(FixturePages.Read(Board, "jobcard-skip0.html")).Vacancies.Single(v => v.SourceRef == "291188");
        Assert.Equal("Staff Nurse - Ward 3 East", card.Title);
    }

    [Fact]
    public void Location_icon_ligature_is_not_part_of_the_value()
    {
        var card = parser.Parse(FixturePages.Read(Board, "jobcard-skip0.html")).Vacancies[0];
        Assert.Equal("Golden Jubilee University National Hospital", card.Location);
        Assert.Null(card.Postcode);
    }

    [Fact]
    public void Card_items_are_read_by_label_whatever_their_class()
    {
        var page = FixturePages.Read(Board, "jobcard-skip0.html")
            .Replace("jobdetailsitem salary", "jobdetailsitem pay", StringComparison.Ordinal)
            .Replace("jobdetailsitem closingdate", "jobdetailsitem enddate", StringComparison.Ordinal);
        var card = parser.Parse(page).Vacancies[0];
        Assert.Equal("Band 8A (£65,125 - £73,916)", card.Salary.Text);
        Assert.Equal(new DateOnly(2026, 12, 16), card.ClosesOn);
    }

    [Fact]
    public void A_reworded_label_falls_back_to_the_item_class()
    {
        var page = FixturePages.Read(Board, "jobcard-skip0.html")
            .Replace("<strong>Employer (NHS Board):</strong>", "<strong>Health Board:</strong>", StringComparison.Ordinal);
        Assert.Equal("NHS Golden Jubilee", parser.Parse(page).Vacancies[0].Employer);
    }

    [Fact]
    public void Both_spellings_of_the_detail_location_test_id_are_read()
    {
        var misspelt = parser.Parse(FixturePages.Read(Board, "detail-291101.html")).Vacancies.Single();
        Assert.Equal("Royal Infirmary of Edinburgh", misspelt.Location);
        var right = parser.Parse(FixturePages.Read(Board, "detail-291204.html")).Vacancies.Single();
        Assert.Equal("Golden Jubilee University National Hospital", right.Location);
    }

    [Fact]
    public void Detail_postcode_comes_from_json_ld_and_a_broken_block_only_loses_it()
    {
        var page = FixturePages.Read(Board, "detail-291204.html");
        Assert.Equal("G81 4DY", parser.Parse(page).Vacancies.Single().Postcode);

        var broken = page.Replace("\"@context\"", "\"@context\" oops", StringComparison.Ordinal);
        var vacancy = parser.Parse(broken).Vacancies.Single();
        Assert.Null(vacancy.Postcode);
        Assert.Equal("GJ261201", vacancy.Advert!.EmployerReference);
    }

    [Fact]
    public void Detail_fields_fall_back_to_the_summary_labels()
    {
        var page = FixturePages.Read(Board, "detail-291204.html")
            .Replace(" data-testid=\"span-salary\"", "", StringComparison.Ordinal)
            .Replace(" data-testid=\"span-vacancies-employment-type\"", "", StringComparison.Ordinal);
        var vacancy = parser.Parse(page).Vacancies.Single();
        Assert.Equal("Band 8A (£65,125 - £73,916)", vacancy.Salary.Text);
        Assert.Equal("8a", vacancy.Band);
        Assert.Equal("Permanent", vacancy.ContractType);
    }

    [Fact]
    public void Url_names_the_real_host_whatever_the_page_was_served_from()
    {
        var page = parser.Parse(FixturePages.Read(Board, "detail-291204.html"), new Uri("http://localhost:5055/Job/JobDetail?JobId=291204"));
        Assert.Equal("https://apply.jobs.scot.nhs.uk/Job/JobDetail?JobId=291204", page.Vacancies.Single().Url);
    }

    [Fact]
    public void Search_page_without_hidden_counts_uses_the_stated_total_and_its_cards()
    {
        var page = FixturePages.Read(Board, "search.html")
            .Replace("<input id=\"totalCurrentRecords\" name=\"totalCurrentRecords\" type=\"hidden\" value=\"12\" />", "", StringComparison.Ordinal)
            .Replace("<input id=\"totalMatchRecords\" name=\"totalMatchRecords\" type=\"hidden\" value=\"905\" />", "", StringComparison.Ordinal);
        var parsed = parser.Parse(page);
        Assert.Equal(905, parsed.TotalResults);
        Assert.Equal(12, parsed.Vacancies.Count);
        Assert.Equal("https://apply.jobs.scot.nhs.uk/Home/_JobCard?Skip=12", parsed.NextPage);
    }

    [Fact]
    public void A_later_partial_points_at_the_next_skip()
    {
        var page = FixturePages.Read(Board, "jobcard-skip0.html")
            .Replace("id=\"totalCurrentRecords\" name=\"totalCurrentRecords\" type=\"hidden\" value=\"12\"", "id=\"totalCurrentRecords\" name=\"totalCurrentRecords\" type=\"hidden\" value=\"24\"", StringComparison.Ordinal);
        Assert.Equal("https://apply.jobs.scot.nhs.uk/Home/_JobCard?Skip=24", parser.Parse(page).NextPage);
    }

    [Fact]
    public void A_partial_past_the_end_states_its_total_and_lists_nothing()
    {
        const string page = "<input id=\"totalCurrentRecords\" type=\"hidden\" value=\"905\" /><input id=\"totalMatchRecords\" type=\"hidden\" value=\"905\" />\n";
        var parsed = parser.Parse(page);
        Assert.Equal(PageKind.Listing, parsed.Kind);
        Assert.Equal(905, parsed.TotalResults);
        Assert.Null(parsed.NextPage);
        Assert.Empty(parsed.Vacancies);
    }

    [Fact]
    public void A_search_without_results_is_an_empty_list()
    {
        var page = FixturePages.Read(Board, "search.html");
        var start = page.IndexOf("<div id=\"jobCardContainer\"", StringComparison.Ordinal);
        var end = page.IndexOf("<button type=\"button\"", StringComparison.Ordinal);
        var empty = page[..start].Replace("There are 905 jobs matching", "There are 0 jobs matching", StringComparison.Ordinal)
            + "<div id=\"jobCardContainer\" class=\"row\"><input id=\"totalCurrentRecords\" type=\"hidden\" value=\"0\" /><input id=\"totalMatchRecords\" type=\"hidden\" value=\"0\" /></div>"
            + page[end..];
        var parsed = parser.Parse(empty);
        Assert.Equal(0, parsed.TotalResults);
        Assert.Null(parsed.NextPage);
        Assert.Empty(parsed.Vacancies);
    }

    [Theory]
    [InlineData("search.html")]
    [InlineData("jobcard-skip0.html")]
    public void Results_claimed_but_no_card_readable_fails_loudly(string fixture)
    {
        // A renamed card class and dropped data attribute: the shape a layout change would take.
        var page = FixturePages.Read(Board, fixture)
            .Replace("card job-card h-100", "card vacancy-tile h-100", StringComparison.Ordinal)
            .Replace("job-card__link", "vacancy-tile__link", StringComparison.Ordinal);
        Assert.Throws<PageFormatException>(() => parser.Parse(page));
    }

    [Fact]
    public void A_card_without_a_title_link_fails_loudly()
    {
        var page = FixturePages.Read(Board, "jobcard-skip0.html")
            .Replace("<a href=\"/Job/JobDetail?JobId=291204\" class=\"job-card__link\" title=\"Click here to view Job detail for Senior Clinical Perfusion Scientist\">Senior Clinical Perfusion Scientist</a>", "", StringComparison.Ordinal);
        Assert.Throws<PageFormatException>(() => parser.Parse(page));
    }

    [Fact]
    public void A_partial_without_its_counts_fails_loudly()
    {
        var page = FixturePages.Read(Board, "jobcard-skip0.html")
            .Replace("<input id=\"totalCurrentRecords\" name=\"totalCurrentRecords\" type=\"hidden\" value=\"12\" />", "", StringComparison.Ordinal);
        Assert.Throws<PageFormatException>(() => parser.Parse(page));
    }

    [Fact]
    public void A_detail_page_without_a_job_id_fails_loudly()
    {
        var page = FixturePages.Read(Board, "detail-291204.html").Replace("/Job/Apply?JobId=291204", "/Job/Apply", StringComparison.Ordinal);
        Assert.Throws<PageFormatException>(() => parser.Parse(page));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not html at all \u0000\u0001 {\"json\": true}")]
    [InlineData("<html><body><h1>Service unavailable</h1></body></html>")]
    [InlineData("<?xml version=\"1.0\"?><rss><channel><item><title>Perfusionist</title></item></channel></rss>")]
    public void A_page_that_is_neither_list_nor_detail_fails_loudly(string content) =>
        Assert.Throws<PageFormatException>(() => parser.Parse(content));

    [Theory]
    [MemberData(nameof(Pages))]
    public void A_truncated_page_never_throws_anything_but_a_format_error(string page) =>
        Robustness.EveryTruncation(parser, FixturePages.Read(Board, page));
}
