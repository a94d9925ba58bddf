using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Vacancies.Boards;

/// <summary>Every board's HTML goes through here, so that a page AngleSharp cannot parse in bounded time is refused first.</summary>
public static class BoardHtml
{
    /// <summary>
    /// AngleSharp's tree construction is quadratic in nesting depth (measured: 16,000 nested &lt;div&gt; 0.5 s,
    /// 32,000 5 s, 64,000 14 s), and parsing cannot be cancelled: one garbled or hostile page of unclosed tags
    /// would hold a sweep and a core for minutes. Real board pages nest under 100 deep; the count here also
    /// includes tags HTML closes implicitly (p, li, td), so the limit leaves a wide margin.
    /// </summary>
    public const int MaxDepth = 5_000;

    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    };

    private static readonly string[] RawTextElements = ["script", "style", "textarea", "title"];

    /// <exception cref="PageFormatException">The page opens tags deeper than <see cref="MaxDepth"/>.</exception>
    public static IHtmlDocument Parse(string source, string content)
    {
        if (OpenDepth(content) > MaxDepth)
        {
            throw new PageFormatException($"{source}: the page nests tags more than {MaxDepth} deep; no board page does.");
        }

        return new HtmlParser().ParseDocument(content);
    }

    /// <summary>The deepest the page's tags open, roughly: open tags less closing tags, skipping void elements,
    /// self-closed tags, comments and the text of script and style, where a '&lt;' is not a tag.</summary>
    public static int OpenDepth(string content)
    {
        var depth = 0;
        var deepest = 0;
        var i = 0;
        while ((i = content.IndexOf('<', i)) >= 0 && i + 1 < content.Length)
        {
            if (content.AsSpan(i).StartsWith("<!--", StringComparison.Ordinal))
            {
                var end = content.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = end < 0 ? content.Length : end + 3;
                continue;
            }

            var closing = content[i + 1] == '/';
            var nameStart = closing ? i + 2 : i + 1;
            var nameEnd = nameStart;
            while (nameEnd < content.Length && (char.IsAsciiLetterOrDigit(content[nameEnd]) || content[nameEnd] is '-' or ':'))
            {
                nameEnd++;
            }

            if (nameEnd == nameStart || !char.IsAsciiLetter(content[nameStart]))
            {
                i++;
                continue;
            }

            var name = content.AsSpan(nameStart, nameEnd - nameStart);
            var tagEnd = content.IndexOf('>', nameEnd);
            if (tagEnd < 0)
            {
                break;
            }

            i = tagEnd + 1;
            if (closing)
            {
                depth = Math.Max(0, depth - 1);
                continue;
            }

            if (content[tagEnd - 1] == '/' || VoidElements.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
            {
                continue;
            }

            deepest = Math.Max(deepest, ++depth);
            foreach (var raw in RawTextElements)
            {
                if (name.Equals(raw, StringComparison.OrdinalIgnoreCase))
                {
                    var end = content.IndexOf("</" + raw, i, StringComparison.OrdinalIgnoreCase);
                    i = end < 0 ? content.Length : end;
                    break;
                }
            }
        }

        return deepest;
    }
}
