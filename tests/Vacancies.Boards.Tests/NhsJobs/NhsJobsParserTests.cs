using Vacancies.Boards.NhsJobs;

namespace Vacancies.Boards.Tests.NhsJobs;

public class NhsJobsParserTests
{
    private const string Board = "nhs-jobs";
    private static readonly NhsJobsParser Parser = new();

    public static TheoryData<string> Pages => FixturePages.WithExpected(Board);

    [Theory]
    [MemberData(nameof(Pages))]
    public void Parses_fixture_page_as_expected(string page) =>
        FixturePages.AssertParsesAsExpected(new NhsJobsParser(), Board, page);

    [Fact]
    public void Names_its_board_and_real_host()
    {
        Assert.Equal("nhs-jobs", Parser.Source);
        Assert.Equal("https://www.jobs.nhs.uk/", NhsJobsParser.RealHost.AbsoluteUri);
    }

    [Theory]
    [InlineData("search-cgl.html", PageKind.Search)]
    [InlineData("search-no-results.html", PageKind.Search)]
    [InlineData("xml-perfusion.xml", PageKind.Xml)]
    [InlineData("advert-trainee-perfusion.html", PageKind.Advert)]
    [InlineData("advert-negotiable.html", PageKind.Advert)]
    public void Detects_the_page_kind_from_content(string page, PageKind kind) =>
        Assert.Equal(kind, Parse(page).Kind);

    // ---- results page quirks

    [Fact]
    public void A_card_without_closing_date_or_working_pattern_leaves_them_null()
    {
        var card = Parse("search-perfusion.html").Vacancies[1];
        Assert.Null(card.ClosesOn);
        Assert.Null(card.WorkingPattern);
        Assert.Equal("Permanent", card.ContractType);
        Assert.Equal(new DateOnly(2026, 8, 7), card.PostedOn);
    }

    [Fact]
    public void Sites_on_separate_lines_stay_comma_separated_and_postcode_is_the_first()
    {
        var card = Parse("search-unmatched-employer.html").Vacancies.Single(v => v.Location!.StartsWith("Aylesbury HP17", StringComparison.Ordinal));
        Assert.Equal("Aylesbury HP17 8JX, Princes Risborough HP27 9AX, Chinnor OX39 4PX, Aylesbury HP18 9AF, Thame OX9 3JZ, Aylesbury HP18 9SA", card.Location);
        Assert.Equal("HP17 8JX", card.Postcode);
    }

    [Fact]
    public void Employer_is_the_heading_without_its_location()
    {
        var card = Parse("search-perfusion.html").Vacancies[1];
        Assert.Equal("Sheffield Teaching Hospitals NHS Foundation Trust", card.Employer);
        Assert.Equal("Sheffield S5 7AU, Sheffield S10 2JF", card.Location);
    }

    [Fact]
    public void Depends_on_experience_is_text_without_amount_currency_or_period()
    {
        var salary = Parse("search-turning-point.html").Vacancies[0].Salary;
        Assert.Equal("Depends on experience", salary.Text);
        Assert.Null(salary.Min);
        Assert.Null(salary.Max);
        Assert.Null(salary.Currency);
        Assert.Null(salary.Period);
    }

    [Fact]
    public void Hourly_pay_keeps_its_period()
    {
        var salary = Parse("search-unmatched-employer.html").Vacancies.Select(v => v.Salary).First(s => s.Text == "£22 to £26 an hour");
        Assert.Equal(22m, salary.Min);
        Assert.Equal(26m, salary.Max);
        Assert.Equal(SalaryPeriod.Hour, salary.Period);
    }

    [Fact]
    public void Card_url_loses_the_search_query()
    {
        var card = Parse("search-cgl.html").Vacancies[0];
        Assert.Equal("U0080-26-0000", card.SourceRef);
        Assert.Equal("https://www.jobs.nhs.uk/candidate/jobadvert/U0080-26-0000", card.Url);
    }

    [Fact]
    public void Next_page_keeps_its_query_with_entities_decoded()
    {
        var page = Parse("search-cgl.html");
        Assert.Equal("https://www.jobs.nhs.uk/candidate/search/results?employer=Change%20Grow%20Live&page=2&language=en", page.NextPage);
        Assert.Null(Parse("search-turning-point.html").NextPage);
    }

    [Theory]
    [InlineData("1,234 jobs found for nurse", 1234)]
    [InlineData("1 job found for perfusionist", 1)]
    [InlineData("No result found for Addaction", 0)]
    public void Total_results_comes_from_the_heading(string heading, int total)
    {
        var page = Parser.Parse(ResultsPage(heading, total == 0 ? string.Empty : Card("C1234-26-0001", "Clinical Perfusionist")));
        Assert.Equal(total, page.TotalResults);
    }

    [Fact]
    public void Band_and_grade_on_a_card_come_from_the_title()
    {
        var card = Parse("search-perfusion.html").Vacancies[1];
        Assert.Equal("8a", card.Band);
        Assert.True(card.IsPerfusion);
        Assert.Equal(Grade.Senior, card.Grade);
    }

    // ---- XML quirks

    [Theory]
    [InlineData("2026-08-10T16:25:03.123")]
    [InlineData("2026-08-10T16:25:03.123456")]
    [InlineData("2026-08-10T16:25:03.123456789")]
    public void Post_date_keeps_the_date_part_whatever_the_fraction(string postDate)
    {
        var vacancy = Parser.Parse(Xml(VacancyDetails("C1-26-1", postDate: postDate), total: 1)).Vacancies.Single();
        Assert.Equal(new DateOnly(2026, 8, 10), vacancy.PostedOn);
    }

    [Fact]
    public void Xml_url_on_beta_becomes_www_and_absent_close_date_is_null()
    {
        var page = Parse("xml-perfusion.xml");
        Assert.All(page.Vacancies, v => Assert.StartsWith("https://www.jobs.nhs.uk/candidate/jobadvert/", v.Url, StringComparison.Ordinal));
        Assert.Null(page.Vacancies[1].ClosesOn);
        Assert.Null(page.NextPage);
        Assert.All(page.Vacancies, v => Assert.Null(v.WorkingPattern));
        Assert.All(page.Vacancies, v => Assert.Null(v.Salary.Period));
    }

    [Fact]
    public void Xml_perfusion_filter_keeps_the_physiologist_out()
    {
        var page = Parse("xml-perfusion.xml");
        Assert.Equal([true, true, false], page.Vacancies.Select(v => v.IsPerfusion));
        Assert.Equal([Grade.Trainee, Grade.Senior, (Grade?)null], page.Vacancies.Select(v => v.Grade));
    }

    [Fact]
    public void Xml_page_past_the_last_lists_nothing_with_its_total()
    {
        var page = Parser.Parse(Xml(string.Empty, total: 3), new Uri("https://www.jobs.nhs.uk/api/v1/search_xml?keyword=perfusion&page=2"));
        Assert.Equal(3, page.TotalResults);
        Assert.Empty(page.Vacancies);
    }

    // ---- advert page quirks

    [Fact]
    public void Repeated_details_block_is_read_once_and_employer_address_is_not_a_job_location()
    {
        var vacancy = Parse("advert-trainee-perfusion.html").Vacancies.Single();
        Assert.Equal(
            "Wythenshawe Hospital, Southmoor Road, Wythenshawe, Manchester, M23 9LT; Manchester Royal Infirmary, Oxford Road, Manchester, M13 9WL",
            vacancy.Location);
        Assert.Equal("M23 9LT", vacancy.Postcode);
        Assert.Equal("307-MCS-6612345", vacancy.Advert!.EmployerReference);
    }

    [Fact]
    public void Salary_second_line_is_part_of_the_salary_text()
    {
        var salary = Parse("advert-trainee-perfusion.html").Vacancies.Single().Salary;
        Assert.Equal("£38,682 to £46,580 a year per annum pro rata", salary.Text);
        Assert.Equal(SalaryPeriod.Year, salary.Period);
    }

    [Fact]
    public void Nested_prose_paragraphs_follow_the_emptied_block_up_to_the_next_heading()
    {
        var description = Parse("advert-trainee-perfusion.html").Vacancies.Single().Advert!.Description!;
        var paragraphs = description.Split("\n\n");
        Assert.Equal("In this role you will:", paragraphs[2]);
        Assert.DoesNotContain(paragraphs, p => p.Contains("ten hospitals", StringComparison.Ordinal));
        Assert.DoesNotContain(paragraphs, p => p.Contains("BSc", StringComparison.Ordinal));
        Assert.Equal(paragraphs.Length, paragraphs.Distinct().Count());
    }

    [Fact]
    public void Advert_without_contact_or_working_pattern_still_has_a_contact_object()
    {
        var vacancy = Parse("advert-negotiable.html").Vacancies.Single();
        Assert.Equal(Contact.Empty, vacancy.Advert!.Contact);
        Assert.Null(vacancy.WorkingPattern);
        Assert.Equal("Negotiable", vacancy.Salary.Text);
        Assert.Null(vacancy.Salary.Currency);
        Assert.Equal(Grade.Chief, vacancy.Grade);
    }

    [Fact]
    public void Advert_reference_comes_from_its_own_links_or_the_address_it_was_served_from()
    {
        var content = FixturePages.Read(Board, "advert-trainee-perfusion.html");
        Assert.Equal("C9315-26-0412", Parser.Parse(content).Vacancies.Single().SourceRef);
        var served = Parser.Parse(content, new Uri("http://localhost:8080/candidate/jobadvert/C9315-26-0412")).Vacancies.Single();
        Assert.Equal("https://www.jobs.nhs.uk/candidate/jobadvert/C9315-26-0412", served.Url);
    }

    [Fact]
    public void Advert_reference_falls_back_to_the_address_it_was_served_from()
    {
        const string page = "<html><body><h1 id='heading'>Clinical Perfusionist</h1><h2 id='employer_name'>Some Trust</h2></body></html>";
        Assert.Throws<PageFormatException>(() => Parser.Parse(page));
        var vacancy = Parser.Parse(page, new Uri("http://localhost:8080/nhs/candidate/jobadvert/C7777-26-0001?language=en")).Vacancies.Single();
        Assert.Equal("C7777-26-0001", vacancy.SourceRef);
        Assert.Equal("https://www.jobs.nhs.uk/candidate/jobadvert/C7777-26-0001", vacancy.Url);
        Assert.Equal(Grade.Clinical, vacancy.Grade);
    }

    // ---- failures: a changed or broken page fails loudly, and only with PageFormatException

    [Fact]
    public void Results_claimed_but_none_read_is_a_format_error()
    {
        var page = ResultsPage("20 jobs found for perfusion", "<div class='new-card'><a href='/candidate/jobadvert/C1-26-1'>Perfusionist</a></div>");
        var error = Assert.Throws<PageFormatException>(() => Parser.Parse(page));
        Assert.Contains("20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_page_past_the_last_one_lists_nothing_with_its_total()
    {
        var page = Parser.Parse(ResultsPage("20 jobs found for perfusion", string.Empty), new Uri("https://www.jobs.nhs.uk/candidate/search/results?keyword=perfusion&page=3&language=en"));
        Assert.Equal(20, page.TotalResults);
        Assert.Empty(page.Vacancies);
        Assert.Throws<PageFormatException>(() => Parser.Parse(ResultsPage("20 jobs found for perfusion", string.Empty), new Uri("https://www.jobs.nhs.uk/candidate/search/results?keyword=perfusion&page=2")));
    }

    [Fact]
    public void A_result_without_a_title_link_is_a_format_error()
    {
        var page = ResultsPage("1 job found for perfusion", "<li data-test='search-result'><h2>Clinical Perfusionist</h2></li>");
        Assert.Throws<PageFormatException>(() => Parser.Parse(page));
    }

    [Fact]
    public void A_heading_without_a_count_is_a_format_error() =>
        Assert.Throws<PageFormatException>(() => Parser.Parse(ResultsPage("Jobs for perfusion", Card("C1-26-1", "Clinical Perfusionist"))));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("just some text, not a page")]
    [InlineData("<html><body><h1>Service unavailable</h1></body></html>")]
    [InlineData("{\"jobs\": []}")]
    public void Anything_else_is_a_format_error(string content) =>
        Assert.Throws<PageFormatException>(() => Parser.Parse(content));

    [Theory]
    [InlineData("<nhsJobs><vacancyDetails><reference>C1</reference>")]
    [InlineData("<?xml version=\"1.0\"?><nhsJobs><totalResults>3</totalResults></nhsjobs>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE nhsJobs [<!ENTITY x \"y\">]><nhsJobs/>")]
    [InlineData("<nhsJobs><totalResults>lots</totalResults></nhsJobs>")]
    [InlineData("<nhsJobs><vacancyDetails><title>Clinical Perfusionist</title></vacancyDetails><totalResults>1</totalResults></nhsJobs>")]
    [InlineData("<nhsJobs><totalPages>1</totalPages><totalResults>3</totalResults></nhsJobs>")]
    [InlineData("<nhsJobs><vacancyDetails><reference>C1</reference><title>T</title><postDate>yesterday</postDate></vacancyDetails></nhsJobs>")]
    public void Malformed_or_unreadable_xml_is_a_format_error(string content) =>
        Assert.Throws<PageFormatException>(() => Parser.Parse(content));

    [Fact]
    public void An_advert_without_a_title_is_a_format_error() =>
        Assert.Throws<PageFormatException>(() => Parser.Parse("<html><body><h2 id='employer_name'>Some Trust</h2><a href='/candidate/jobadvert/C1-26-1'>x</a></body></html>"));

    public static TheoryData<string> AllPages()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(FixturePages.Folder(Board)).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            if (file is not null && !file.EndsWith(".md", StringComparison.Ordinal))
            {
                data.Add(file);
            }
        }

        return data;
    }

    // A page cut off anywhere either reads as the part that arrived or fails as a format error; what it
    // reads is never something the whole page does not say.
    [Theory]
    [MemberData(nameof(AllPages))]
    public void A_truncated_page_parses_a_prefix_or_fails_as_a_format_error(string page)
    {
        var content = FixturePages.Read(Board, page);
        var whole = Parser.Parse(content).Vacancies.Select(v => v.SourceRef).ToList();
        // About 150 cuts a page, so the long captured pages stay cheap.
        var step = Math.Max(31, content.Length / 150);
        for (var length = 0; length < content.Length; length += step)
        {
            ParsedPage parsed;
            try
            {
                parsed = Parser.Parse(content[..length]);
            }
            catch (PageFormatException)
            {
                continue;
            }

            var refs = parsed.Vacancies.Select(v => v.SourceRef).ToList();
            Assert.True(refs.SequenceEqual(whole.Take(refs.Count)), $"{page} cut at {length}: read {string.Join(",", refs)}");
        }
    }

    private static ParsedPage Parse(string page) => Parser.Parse(FixturePages.Read(Board, page));

    private static string ResultsPage(string heading, string items) =>
        $"<h1 data-test='search-result-query' id='search-results-heading'>\n  {heading}\n</h1>\n<ul class='nhsuk-list search-results'>{items}</ul>";

    private static string Card(string reference, string title) =>
        $"""
        <li data-test="search-result">
          <h2><a href="/candidate/jobadvert/{reference}?keyword=x&amp;page=1" data-test="search-result-job-title">{title}</a></h2>
          <div data-test="search-result-location"><h3>Some Trust<div class="location-font-size">Leeds LS1 3EX</div></h3></div>
        </li>
        """;

    private static string VacancyDetails(string reference, string postDate) =>
        $"""
        <vacancyDetails>
          <id>1</id><reference>{reference}</reference><title>Clinical Perfusion Scientist</title>
          <employer>Some Trust</employer><type>Permanent</type><salary>£1.00 to £2.00</salary>
          <postDate>{postDate}</postDate><url>https://beta.jobs.nhs.uk/candidate/jobadvert/{reference}</url>
        </vacancyDetails>
        """;

    private static string Xml(string vacancies, int total) =>
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<nhsJobs>{vacancies}<totalPages>1</totalPages><totalResults>{total}</totalResults></nhsJobs>";
}
