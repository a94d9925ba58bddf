using System.Globalization;
using System.Text;
using System.Xml;

namespace Vacancies.Vacancies;

/// <summary>
/// The search as feeds a job seeker subscribes to: Atom for new posts, iCalendar for closing dates.
/// Both are small, fixed formats, written by hand rather than through a library that would hide the
/// details (folding, escaping, CRLF) the readers are strict about.
/// </summary>
internal static class VacancyFeeds
{
    public const string AtomContentType = "application/atom+xml; charset=utf-8";

    public const string CalendarContentType = "text/calendar; charset=utf-8";

    private const string AtomNamespace = "http://www.w3.org/2005/Atom";

    /// <summary>Entry ids outlive the host name, so they are tag URIs (RFC 4151), not URLs.</summary>
    public static string EntryId(long id) => $"tag:perfusion-vacancies,2026:vacancy:{id}";

    public static byte[] Atom(IReadOnlyList<VacancyRow> rows, string baseUrl, string selfUrl)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, Async = false };
        using (var xml = XmlWriter.Create(stream, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", AtomNamespace);
            xml.WriteElementString("title", AtomNamespace, "Perfusion vacancies in the UK and Ireland");
            xml.WriteElementString("subtitle", AtomNamespace, "Clinical perfusion posts matching a saved search, newest first.");
            xml.WriteElementString("id", AtomNamespace, selfUrl);
            // Stable for unchanged results so the ETag holds; an empty feed dates from the start of its day.
            var updated = rows.Count > 0 ? rows.Max(r => r.UpdatedAt) : DateTime.UtcNow.Date;
            xml.WriteElementString("updated", AtomNamespace, Rfc3339(updated));
            Link(xml, "self", selfUrl, "application/atom+xml");
            Link(xml, "alternate", baseUrl + "/", "text/html");
            xml.WriteStartElement("author", AtomNamespace);
            xml.WriteElementString("name", AtomNamespace, "Perfusion Vacancies");
            xml.WriteEndElement();
            xml.WriteElementString("generator", AtomNamespace, "Perfusion Vacancies");

            foreach (var row in rows)
            {
                xml.WriteStartElement("entry", AtomNamespace);
                xml.WriteElementString("id", AtomNamespace, EntryId(row.Id));
                xml.WriteElementString("title", AtomNamespace, row.Employer is null ? row.Title : $"{row.Title} — {row.Employer}");
                Link(xml, "alternate", $"{baseUrl}/vacancies/{row.Id}/page", "text/html");
                Link(xml, "related", row.Url, null);
                var posted = row.Posted ?? DateOnly.FromDateTime(row.FirstSeenAt);
                xml.WriteElementString("published", AtomNamespace, Rfc3339(posted.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
                xml.WriteElementString("updated", AtomNamespace, Rfc3339(row.UpdatedAt));
                if (row.Grade is not null)
                {
                    xml.WriteStartElement("category", AtomNamespace);
                    xml.WriteAttributeString("term", row.Grade);
                    xml.WriteEndElement();
                }

                xml.WriteStartElement("summary", AtomNamespace);
                xml.WriteAttributeString("type", "text");
                xml.WriteString(Summary(row));
                xml.WriteEndElement();
                if (row.Description is not null)
                {
                    xml.WriteStartElement("content", AtomNamespace);
                    xml.WriteAttributeString("type", "text");
                    xml.WriteString(row.Description);
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return stream.ToArray();
    }

    /// <summary>One all-day event on each closing date.</summary>
    public static byte[] Calendar(IReadOnlyList<VacancyRow> rows, string baseUrl)
    {
        var ics = new StringBuilder();
        Line(ics, "BEGIN:VCALENDAR");
        Line(ics, "VERSION:2.0");
        Line(ics, "PRODID:-//Perfusion Vacancies//Closing dates//EN");
        Line(ics, "CALSCALE:GREGORIAN");
        Line(ics, "METHOD:PUBLISH");
        Line(ics, "X-WR-CALNAME:" + Escape("Perfusion vacancies: closing dates"));
        foreach (var row in rows)
        {
            if (row.Closes is not { } closes)
            {
                continue;
            }

            Line(ics, "BEGIN:VEVENT");
            Line(ics, $"UID:vacancy-{row.Id}@perfusion-vacancies");
            // DTSTAMP from the data, not the clock, so an unchanged calendar keeps its ETag.
            Line(ics, "DTSTAMP:" + row.UpdatedAt.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            Line(ics, "DTSTART;VALUE=DATE:" + closes.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            Line(ics, "DTEND;VALUE=DATE:" + closes.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            Line(ics, "SUMMARY:" + Escape($"Closes: {row.Title}" + (row.Employer is null ? "" : $" ({row.Employer})")));
            if (row.Location is not null)
            {
                Line(ics, "LOCATION:" + Escape(row.Location));
            }

            Line(ics, "DESCRIPTION:" + Escape($"{Summary(row)}\nAdvert: {row.Url}\nMore: {baseUrl}/vacancies/{row.Id}/page"));
            Line(ics, "URL:" + row.Url);
            Line(ics, "TRANSP:TRANSPARENT");
            Line(ics, "END:VEVENT");
        }

        Line(ics, "END:VCALENDAR");
        return Encoding.UTF8.GetBytes(ics.ToString());
    }

    /// <summary>A one-line account of a post for feed readers and calendars.</summary>
    public static string Summary(VacancyRow row)
    {
        var parts = new List<string>();
        if (row.Grade is not null)
        {
            parts.Add(CultureInfo.InvariantCulture.TextInfo.ToTitleCase(row.Grade) + " grade" + (row.Band is null ? "" : $", band {row.Band}"));
        }

        parts.AddRange(new[] { row.Employer, row.Location, row.SalaryText }.OfType<string>());
        parts.Add(row.Closes is { } closes ? "Closes " + closes.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : "No closing date given");
        return string.Join(". ", parts) + ".";
    }

    private static void Link(XmlWriter xml, string rel, string href, string? type)
    {
        xml.WriteStartElement("link", AtomNamespace);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href);
        if (type is not null)
        {
            xml.WriteAttributeString("type", type);
        }

        xml.WriteEndElement();
    }

    private static string Rfc3339(DateTime value) =>
        DateTime.SpecifyKind(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value, DateTimeKind.Utc)
            .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>TEXT escaping of RFC 5545 §3.3.11.</summary>
    internal static string Escape(string text) => text
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>Writes a content line folded at 75 octets (RFC 5545 §3.1), never inside a UTF-8 sequence, ended by CRLF.</summary>
    internal static void Line(StringBuilder ics, string line)
    {
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > 75)
            {
                ics.Append("\r\n ");
                octets = 1;
            }

            ics.Append(rune.ToString());
            octets += size;
        }

        ics.Append("\r\n");
    }
}
