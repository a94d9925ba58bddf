using System.Globalization;
using System.Net;
using System.Text;

namespace Vacancies.Tests.Sweeps;

/// <summary>NHS Jobs pages for sweep tests, in the markup of the parser fixtures: XML search pages
/// built from posts, and adverts made from the fixture advert with another post's facts.</summary>
public static class NhsJobsPages
{
    public sealed record Post(string Ref, string Title, string Employer, string Location, string? CloseDate = "2099-12-31", string Salary = "£38682.00 to £46580.00");

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "nhs-jobs", name), Encoding.UTF8);

    public static string Xml(IReadOnlyList<Post> posts, int totalResults, int pageSize = 100)
    {
        var xml = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?>""").Append("<nhsJobs>");
        foreach (var post in posts)
        {
            xml.Append("<vacancyDetails>")
                .Append(CultureInfo.InvariantCulture, $"<id>{Guid.NewGuid()}</id><reference>{post.Ref}</reference>")
                .Append(CultureInfo.InvariantCulture, $"<title>{WebUtility.HtmlEncode(post.Title)}</title><description>Snippet.</description>")
                .Append(CultureInfo.InvariantCulture, $"<employer>{WebUtility.HtmlEncode(post.Employer)}</employer><type>Permanent</type>")
                .Append(CultureInfo.InvariantCulture, $"<salary>{post.Salary}</salary>")
                .Append(post.CloseDate is null ? "" : $"<closeDate>{post.CloseDate}</closeDate>")
                .Append("<postDate>2026-11-20T09:15:02.123456789</postDate>")
                .Append(CultureInfo.InvariantCulture, $"<url>https://beta.jobs.nhs.uk/candidate/jobadvert/{post.Ref}</url>")
                .Append(CultureInfo.InvariantCulture, $"<locations><location>{WebUtility.HtmlEncode(post.Location)}</location></locations>")
                .Append("</vacancyDetails>");
        }

        var pages = Math.Max(1, (int)Math.Ceiling(totalResults / (double)pageSize));
        return xml.Append(CultureInfo.InvariantCulture, $"<totalPages>{pages}</totalPages><totalResults>{totalResults}</totalResults></nhsJobs>").ToString();
    }

    /// <summary>An advert page in the markup of the fixture adverts, for any post.</summary>
    public static string Advert(Post post, string site, string town, string postcode, string band = "6", string? description = null, string? employerReference = null) => $$"""
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>NHS Jobs</title></head><body>
        <header><a href="https://www.jobs.nhs.uk/candidate/jobadvert/{{post.Ref}}?language=cy" lang="cy">Cymraeg</a></header>
        <main id="maincontent">
          <h1 id="heading">{{WebUtility.HtmlEncode(post.Title)}}</h1>
          <h2 id="employer_name">{{WebUtility.HtmlEncode(post.Employer)}}</h2>
          <p id="closing_date">The closing date is 31 December 2099</p>
          <div class="show-mobile">
            <h2>Details</h2>
            <h3>Date posted</h3><p id="date_posted">20 November 2026</p>
            <h3>Pay scheme</h3><p id="payscheme-type">Agenda for change</p>
            <h3>Band</h3><p id="payscheme-band">Band {{band}}</p>
            <h3>Salary</h3><p id="range_salary">£38,682 to £46,580 a year</p>
            <h3>Contract</h3><p id="contract_type">Permanent</p>
            <h3 id="working_pattern_heading">Working pattern</h3><p>Full time</p>
            <h3>Reference number</h3><p id="trac-job-reference">{{employerReference ?? post.Ref + "-TRAC"}}</p>
            <h3>Job locations</h3>
            <div>
              <p id="employer_address_line_1">{{WebUtility.HtmlEncode(site)}}</p>
              <p id="employer_town">{{WebUtility.HtmlEncode(town)}}</p>
              <p id="employer_postcode">{{postcode}}</p>
            </div>
          </div>
          <h2 id="job_overview_heading">Job summary</h2>
          <p id="job_overview" class="wordwrap">{{WebUtility.HtmlEncode(description ?? "A post in our perfusion team.")}}</p>
          <h2 id="contact_details_heading">Contact details</h2>
          <p id="contact_details_job_title">Chief Clinical Perfusion Scientist</p>
          <p id="contact_details_name">Alex Example</p>
          <p id="contact_details_email">alex.example@nhs.example</p>
          <p id="contact_details_number">01632 960 123</p>
        </main></body></html>
        """;
}
