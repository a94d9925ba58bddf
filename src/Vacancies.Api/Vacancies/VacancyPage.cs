using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Vacancies.Vacancies;

/// <summary>
/// A vacancy's own web page, rendered on the server so that it carries its JobPosting block in the
/// HTML a crawler reads, and works with scripts off. Every value from a board is HTML-encoded.
/// </summary>
internal static class VacancyPage
{
    public const string ContentType = "text/html; charset=utf-8";

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static string Render(VacancyRow row, IReadOnlyDictionary<string, string> sourceNames)
    {
        var page = new StringBuilder();
        var heading = row.Employer is null ? row.Title : $"{row.Title} — {row.Employer}";
        page.Append($"""
            <!doctype html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(heading)} | Perfusion Vacancies</title>
            <meta name="description" content="{E(VacancyFeeds.Summary(row))}">
            <link rel="stylesheet" href="/app.css">
            <link rel="alternate" type="application/atom+xml" href="/vacancies.atom" title="New perfusion vacancies">
            <script type="application/ld+json">
            {JobPosting.ForScriptElement(row)}
            </script>
            </head>
            <body>
            <a class="skip-link" href="#main">Skip to the vacancy</a>
            <header class="site-header">
            <p class="site-name"><a href="/">Perfusion Vacancies</a></p>
            <nav aria-label="Main"><ul><li><a href="/#/">Search vacancies</a></li><li><a href="/#/units">Perfusion units</a></li></ul></nav>
            </header>
            <main id="main">
            <article class="vacancy">
            <h1>{E(row.Title)}</h1>
            <p class="status status-{row.Status}">{E(StatusText(row))}</p>
            <dl class="facts">
            """);
        Fact(page, "Grade", row.Grade is null ? null : CultureInfo.InvariantCulture.TextInfo.ToTitleCase(row.Grade) + (row.Grade == "trainee" ? " (training post)" : ""));
        Fact(page, "Band", row.Band);
        Fact(page, "Employer", row.Employer);
        if (row.Unit is { } unit)
        {
            page.Append($"<dt>Unit</dt><dd><a href=\"/#/units/{E(Uri.EscapeDataString(unit.Slug))}\">{E(unit.Name)}</a></dd>\n");
        }

        Fact(page, "Location", row.Location);
        Fact(page, "Salary", row.SalaryText ?? SalaryText(row));
        Fact(page, "Contract", row.ContractType);
        Fact(page, "Working pattern", row.WorkingPattern);
        Fact(page, "Posted", row.Posted is { } posted ? LongDate(posted) : null);
        Fact(page, "Closes", row.Closes is { } closes ? LongDate(closes) : "No closing date given");
        page.Append("</dl>\n");

        page.Append("<h2>Apply</h2>\n<p>Applications go through the original advert; this service only lists it.</p>\n<ul class=\"adverts\">\n");
        foreach (var listing in row.Listings)
        {
            var name = sourceNames.GetValueOrDefault(listing.Source, listing.Source);
            page.Append(SafeUrl(listing.Url) is { } url
                ? $"<li><a class=\"advert-link\" href=\"{E(url)}\" rel=\"external noopener\">Read the advert on {E(name)}</a> <span class=\"ref\">(reference {E(listing.SourceRef)})</span></li>\n"
                : $"<li>{E(name)}, reference {E(listing.SourceRef)}</li>\n");
        }

        page.Append("</ul>\n");
        if (row.Description is not null)
        {
            page.Append("<h2>About the post</h2>\n<div class=\"description\">\n");
            foreach (var paragraph in row.Description.Split(["\r\n\r\n", "\n\n"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                page.Append("<p>").Append(E(paragraph).Replace("&#xA;", "<br>", StringComparison.Ordinal)).Append("</p>\n");
            }

            page.Append("</div>\n");
        }

        if (row.Contact is { } contact)
        {
            page.Append("<h2>Contact for informal enquiries and visits</h2>\n<p class=\"contact\">");
            page.AppendJoin("<br>", new[] { contact.Name, contact.JobTitle }.OfType<string>().Select(E));
            if (contact.Email is not null)
            {
                page.Append($"<br><a href=\"mailto:{E(contact.Email)}\">{E(contact.Email)}</a>");
            }

            if (contact.Phone is not null)
            {
                page.Append($"<br><a href=\"tel:{E(contact.Phone.Replace(" ", "", StringComparison.Ordinal))}\">{E(contact.Phone)}</a>");
            }

            page.Append("</p>\n");
        }

        page.Append($"""
            <p class="machine-readable">Also as <a href="/vacancies/{row.Id}/jobposting">schema.org JobPosting</a> and <a href="/vacancies/{row.Id}">JSON</a>.</p>
            </article>
            </main>
            <footer class="site-footer"><p>First seen {E(LongDate(DateOnly.FromDateTime(row.FirstSeenAt)))}; last checked {E(LongDate(DateOnly.FromDateTime(row.LastSeenAt)))}.</p></footer>
            </body>
            </html>
            """);
        return page.ToString();
    }

    private static string E(string? value) => Html.Encode(value ?? "");

    private static void Fact(StringBuilder page, string term, string? value)
    {
        if (value is not null)
        {
            page.Append($"<dt>{E(term)}</dt><dd>{E(value)}</dd>\n");
        }
    }

    private static string StatusText(VacancyRow row) => row.IsOpen
        ? row.DaysLeft switch
        {
            null => "Open",
            0 => "Open: closes today",
            1 => "Open: 1 day left",
            { } days => $"Open: {days} days left",
        }
        : "Closed: this post no longer takes applications";

    private static string? SalaryText(VacancyRow row)
    {
        if (row.SalaryMin is null && row.SalaryMax is null)
        {
            return null;
        }

        var symbol = row.Currency == "EUR" ? "€" : "£";
        var range = row.SalaryMin is { } min && row.SalaryMax is { } max && min != max
            ? $"{symbol}{min:N0} to {symbol}{max:N0}"
            : $"{symbol}{row.SalaryMin ?? row.SalaryMax:N0}";
        return row.SalaryPeriod is null ? range : $"{range} a {row.SalaryPeriod}";
    }

    private static string LongDate(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    // A board's URL is data from elsewhere: only web links become links, never javascript: or data:.
    private static string? SafeUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.AbsoluteUri : null;
}
