using System.Text;
using System.Xml.Linq;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Seekers;

public sealed class FeedTests(DatabaseFixture database) : ApiTest(database)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private async Task<(string Body, string? ContentType)> GetTextAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return (body, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_atom_feed_is_valid_atom_newest_first_with_the_search_filters()
    {
        var ids = await VacancyData.InsertAsync(Database.DataSource,
            new Post { Title = "Older trainee post", PostedDaysAgo = 10, Description = "Includes <b>markup</b> & ampersands" },
            new Post { Title = "Newest trainee post", PostedDaysAgo = 1 },
            new Post { Title = "Senior post", Grade = "senior", PostedDaysAgo = 0 },
            new Post { Title = "Closed trainee post", Status = "closed", PostedDaysAgo = 0 });

        var (body, contentType) = await GetTextAsync("/vacancies.atom?training=true");
        Assert.Equal("application/atom+xml", contentType);
        var feed = XDocument.Parse(body).Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        // RFC 4287 §4.1.1: a feed has exactly one id, title and updated, and an author when its entries have none.
        foreach (var required in new[] { "id", "title", "updated", "author" })
        {
            Assert.Single(feed.Elements(Atom + required));
        }

        Assert.Contains(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self" && ((string)l.Attribute("href")!).EndsWith("/vacancies.atom?training=true", StringComparison.Ordinal));
        Assert.True(DateTimeOffset.TryParse(feed.Element(Atom + "updated")!.Value, out _));

        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Equal(["Newest trainee post", "Older trainee post"], entries.Select(e => e.Element(Atom + "title")!.Value.Split(" — ")[0]));
        Assert.Equal(entries.Count, entries.Select(e => e.Element(Atom + "id")!.Value).Distinct().Count());
        foreach (var entry in entries)
        {
            foreach (var required in new[] { "id", "title", "updated", "published", "summary" })
            {
                Assert.Single(entry.Elements(Atom + required));
            }

            Assert.True(Uri.TryCreate(entry.Element(Atom + "id")!.Value, UriKind.Absolute, out _));
            Assert.True(DateTimeOffset.TryParse(entry.Element(Atom + "updated")!.Value, out _));
            var alternate = entry.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "alternate");
            Assert.Matches(@"/vacancies/\d+/page$", (string)alternate.Attribute("href")!);
            Assert.Contains(entry.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "related" && ((string)l.Attribute("href")!).StartsWith("https://nhs-jobs.example/", StringComparison.Ordinal));
        }

        Assert.Equal($"tag:perfusion-vacancies,2026:vacancy:{ids[0]}", entries[1].Element(Atom + "id")!.Value);
        Assert.Equal("Includes <b>markup</b> & ampersands", entries[1].Element(Atom + "content")!.Value);
        Assert.Contains("Closes ", entries[0].Element(Atom + "summary")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_atom_feed_is_still_a_feed()
    {
        var (body, _) = await GetTextAsync("/vacancies.atom?country=wales");
        var feed = XDocument.Parse(body).Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.Empty(feed.Elements(Atom + "entry"));
    }

    [Theory]
    [InlineData("/vacancies.atom?grade=junior", "grade")]
    [InlineData("/vacancies.atom?sort=closing", "sort")]
    [InlineData("/vacancies.atom?cursor=abc", "cursor")]
    [InlineData("/vacancies.ics?closingAfter=tomorrow", "closingAfter")]
    [InlineData("/vacancies.ics?limit=0", "limit")]
    public async Task Feeds_refuse_bad_parameters(string url, string parameter)
    {
        using var response = await Client.GetAsync(url);
        await AssertProblemAsync(response, 400, parameter);
    }

    [Fact]
    public async Task The_calendar_has_an_all_day_event_on_each_closing_date_folded_and_escaped()
    {
        var longTitle = "Clinical Perfusion Scientist; ECMO, VAD and transplant service — Ysbyty Athrofaol Cymru (Caerdydd) ✓ " + new string('x', 40);
        var ids = await VacancyData.InsertAsync(Database.DataSource,
            new Post { Title = longTitle, ClosesInDays = 7, Location = "Line one\nLine two, Manchester" },
            new Post { Title = "Trainee", ClosesInDays = 2 },
            new Post { Title = "Open-ended", ClosesInDays = null },
            new Post { Title = "Closed", Status = "closed" });

        using var response = await Client.GetAsync("/vacancies.ics");
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes);

        // Every line ends in CRLF and no physical line is longer than 75 octets.
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var physical = text[..^2].Split("\r\n");
        Assert.All(physical, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"longer than 75 octets: {l}"));
        Assert.Contains(physical, l => l.StartsWith(' '));

        var lines = Ical.Unfold(text);
        Ical.AssertBalanced(lines);
        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Contains("VERSION:2.0", lines);
        Assert.Contains(lines, l => l.StartsWith("PRODID:", StringComparison.Ordinal));

        var events = Ical.Events(lines);
        Assert.Equal(2, events.Count);
        Assert.Equal(events.Count, events.Select(e => e["UID"]).Distinct().Count());
        var first = events[0];
        Assert.Equal(VacancyData.UkToday.AddDays(2).ToString("yyyyMMdd"), first["DTSTART;VALUE=DATE"]);
        Assert.Equal(VacancyData.UkToday.AddDays(3).ToString("yyyyMMdd"), first["DTEND;VALUE=DATE"]);
        Assert.Matches(@"^\d{8}T\d{6}Z$", first["DTSTAMP"]);

        var second = events[1];
        Assert.Equal($"vacancy-{ids[0]}@perfusion-vacancies", second["UID"]);
        Assert.Equal("Closes: " + longTitle + " (Manchester University NHS Foundation Trust)", Ical.Unescape(second["SUMMARY"]));
        Assert.Contains("\\;", second["SUMMARY"], StringComparison.Ordinal);
        Assert.Contains("\\,", second["SUMMARY"], StringComparison.Ordinal);
        Assert.Equal("Line one\nLine two, Manchester", Ical.Unescape(second["LOCATION"]));
    }

    [Fact]
    public async Task The_calendar_answers_304_when_unchanged()
    {
        await VacancyData.InsertAsync(Database.DataSource, new Post());
        using var first = await Client.GetAsync("/vacancies.ics");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/vacancies.ics");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var response = await Client.SendAsync(again);
        Assert.Equal(System.Net.HttpStatusCode.NotModified, response.StatusCode);
    }
}

/// <summary>Just enough of an iCalendar reader to check what the service writes.</summary>
internal static class Ical
{
    public static List<string> Unfold(string text) =>
        text.Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal)
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();

    public static void AssertBalanced(IEnumerable<string> lines)
    {
        var open = new Stack<string>();
        foreach (var line in lines)
        {
            if (line.StartsWith("BEGIN:", StringComparison.Ordinal))
            {
                open.Push(line[6..]);
            }
            else if (line.StartsWith("END:", StringComparison.Ordinal))
            {
                Assert.True(open.Count > 0, $"{line} without BEGIN");
                Assert.Equal(open.Pop(), line[4..]);
            }
            else
            {
                Assert.True(open.Count > 0, $"property outside a component: {line}");
                Assert.Matches(@"^[A-Z-]+(;[A-Z-]+=[^:;]+)*:", line);
            }
        }

        Assert.Empty(open);
    }

    public static List<Dictionary<string, string>> Events(List<string> lines)
    {
        var events = new List<Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        foreach (var line in lines)
        {
            if (line == "BEGIN:VEVENT")
            {
                current = [];
            }
            else if (line == "END:VEVENT")
            {
                events.Add(current!);
                current = null;
            }
            else if (current is not null)
            {
                var colon = line.IndexOf(':');
                current[line[..colon]] = line[(colon + 1)..];
            }
        }

        return events;
    }

    public static string Unescape(string value)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                builder.Append(value[i] is 'n' or 'N' ? '\n' : value[i]);
            }
            else
            {
                builder.Append(value[i]);
            }
        }

        return builder.ToString();
    }
}
