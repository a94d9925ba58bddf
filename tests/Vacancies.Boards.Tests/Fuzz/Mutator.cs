using System.Text;
using System.Text.RegularExpressions;

namespace Vacancies.Boards.Tests.Fuzz;

/// <summary>
/// Breaks a board page the ways the network and a board's redesigns do: cut short, tags swapped or
/// dropped, attributes removed, spans duplicated or deleted, random characters and hostile markup
/// spliced in. Deterministic for a seed, so a failing input can be made again.
/// </summary>
public sealed partial class Mutator(int seed)
{
    private readonly Random random = new(seed);

    // Markup that has broken parsers before: unclosed comments and CDATA, entity bombs, absurd numbers and
    // dates, deep nesting, NUL and lone surrogates, bidi controls.
    private static readonly string[] Hostile =
    [
        "<!--", "-->", "<![CDATA[", "]]>", "&#xFFFFFFFF;", "&#0;", "&amp;&amp;&lt;", "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>",
        "99999999999999999999999999", "-1", "0", "31 February 2026", "2026-13-45", "£-5 to £99999999999999999999", "\0", "\uD800", "\uDFFF",
        "\u202E", "\uFEFF", "<script>", "</html>", "<body>", "</body></html><html><body>", "<table><tr><td>", "</div></div></div>",
        "<li data-test=\"search-result\">", "<h1 data-test=\"search-result-query\">7 jobs found</h1>", "<vacancyDetails>", "</nhsJobs>",
        "<a href=\"javascript:alert(1)\">", "<a href=\"http://[::1\">", "<a href=\"%%%\">", "<a href=\"\">",
    ];

    public string Mutate(string page)
    {
        var result = page;
        var operations = random.Next(1, 4);
        for (var i = 0; i < operations && result.Length > 0; i++)
        {
            result = random.Next(9) switch
            {
                0 => result[..random.Next(result.Length)],
                1 => SwapTags(result),
                2 => RemoveAttributes(result),
                3 => DeleteSpan(result),
                4 => DuplicateSpan(result),
                5 => Splice(result, RandomText(random.Next(1, 200))),
                6 => Splice(result, Hostile[random.Next(Hostile.Length)]),
                7 => RemoveTags(result),
                _ => ChangeDigits(result),
            };
        }

        return result;
    }

    /// <summary>A page of random characters: what a board sends when the encoding or the proxy goes wrong.</summary>
    public string RandomText(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(random.Next(10) switch
            {
                < 6 => (char)random.Next(0x20, 0x7F),
                < 8 => "<>&\"'/=;#"[random.Next(9)],
                8 => (char)random.Next(0, 0x20),
                _ => (char)random.Next(0x80, 0xFFFF),
            });
        }

        return text.ToString();
    }

    private string Splice(string page, string insert)
    {
        var at = random.Next(page.Length + 1);
        return string.Concat(page.AsSpan(0, at), insert, page.AsSpan(at));
    }

    private string DeleteSpan(string page)
    {
        var start = random.Next(page.Length);
        var length = random.Next(1, Math.Min(page.Length - start, 2000) + 1);
        return page.Remove(start, length);
    }

    private string DuplicateSpan(string page)
    {
        var start = random.Next(page.Length);
        var length = random.Next(1, Math.Min(page.Length - start, 4000) + 1);
        var span = page.Substring(start, length);
        var copies = random.Next(1, 6);
        return page.Insert(start, string.Concat(Enumerable.Repeat(span, copies)));
    }

    private string SwapTags(string page)
    {
        var tags = Tag().Matches(page);
        if (tags.Count < 2)
        {
            return page;
        }

        var (a, b) = (tags[random.Next(tags.Count)], tags[random.Next(tags.Count)]);
        if (a.Index > b.Index)
        {
            (a, b) = (b, a);
        }

        if (a.Index == b.Index || a.Index + a.Length > b.Index)
        {
            return page;
        }

        return string.Concat(page[..a.Index], b.Value, page[(a.Index + a.Length)..b.Index], a.Value, page[(b.Index + b.Length)..]);
    }

    private string RemoveTags(string page)
    {
        var tags = Tag().Matches(page);
        if (tags.Count == 0)
        {
            return page;
        }

        var tag = tags[random.Next(tags.Count)];
        return page.Remove(tag.Index, tag.Length);
    }

    private string RemoveAttributes(string page)
    {
        var attributes = Attribute().Matches(page);
        if (attributes.Count == 0)
        {
            return page;
        }

        // Several at once, as a redesign renames a whole family of ids and classes.
        var chosen = Enumerable.Range(0, random.Next(1, 6)).Select(_ => attributes[random.Next(attributes.Count)]).DistinctBy(m => m.Index).OrderByDescending(m => m.Index);
        var text = new StringBuilder(page);
        foreach (var attribute in chosen)
        {
            text.Remove(attribute.Index, attribute.Length);
        }

        return text.ToString();
    }

    private string ChangeDigits(string page)
    {
        var digits = Digits().Matches(page);
        if (digits.Count == 0)
        {
            return page;
        }

        var number = digits[random.Next(digits.Count)];
        var replacement = random.Next(4) switch
        {
            0 => "0",
            1 => new string('9', random.Next(10, 40)),
            2 => "-" + number.Value,
            _ => random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return string.Concat(page.AsSpan(0, number.Index), replacement, page.AsSpan(number.Index + number.Length));
    }

    [GeneratedRegex("<[^<>]{1,300}>")]
    private static partial Regex Tag();

    [GeneratedRegex("""\s[A-Za-z_:][-A-Za-z0-9_:.]*\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")]
    private static partial Regex Attribute();

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();
}
