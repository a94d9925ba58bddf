using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Vacancies.Boards.NhsJobs;

/// <summary>What the three NHS Jobs pages read the same way: element text and advert references.</summary>
internal static partial class Markup
{
    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "dd", "dt", "dl", "tr", "td", "th", "table", "section", "article",
        "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "header", "footer",
    };

    /// <summary>The normalised text of a node, a line break or block boundary counting as white space:
    /// TextContent would glue "a year" and the next line's "per annum" together.</summary>
    public static string? Text(INode? node)
    {
        if (node is null)
        {
            return null;
        }

        var text = new StringBuilder();
        Append(node, text, skip: null);
        return TextClean.Normalize(text.ToString());
    }

    /// <summary>The normalised text of a node without the parts a predicate rejects.</summary>
    public static string? TextWithout(INode? node, Func<IElement, bool> skip)
    {
        if (node is null)
        {
            return null;
        }

        var text = new StringBuilder();
        Append(node, text, skip);
        return TextClean.Normalize(text.ToString());
    }

    private static void Append(INode node, StringBuilder text, Func<IElement, bool>? skip)
    {
        switch (node)
        {
            case IText t:
                text.Append(t.Data);
                break;
            case IElement e when skip is not null && skip(e):
                text.Append(' ');
                break;
            case IElement e when e.LocalName is "br":
                text.Append(' ');
                break;
            case IElement e when e.LocalName is "script" or "style" or "template":
                break;
            default:
                var block = node is IElement el && BlockElements.Contains(el.LocalName);
                if (block)
                {
                    text.Append(' ');
                }

                foreach (var child in node.ChildNodes)
                {
                    Append(child, text, skip);
                }

                if (block)
                {
                    text.Append(' ');
                }

                break;
        }
    }

    /// <summary>The REF of an advert link, /candidate/jobadvert/&lt;REF&gt; on any host or none, with
    /// whatever follows (query, /apply).</summary>
    public static string? AdvertRef(string? href)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }

        var match = AdvertPath().Match(href);
        return match.Success ? Uri.UnescapeDataString(match.Groups["ref"].Value) : null;
    }

    /// <summary>The canonical advert URL on the real host, whatever host or query the link had.</summary>
    public static string AdvertUrl(string reference) =>
        $"{NhsJobsParser.RealHost.GetLeftPart(UriPartial.Authority)}/candidate/jobadvert/{Uri.EscapeDataString(reference)}";

    /// <summary>The page number a list page was fetched as (its page= query), 1 when not known.</summary>
    public static int PageNumber(Uri? servedFrom)
    {
        if (servedFrom is null || !servedFrom.IsAbsoluteUri)
        {
            return 1;
        }

        var match = PageQuery().Match(servedFrom.Query);
        return match.Success && int.TryParse(match.Groups["n"].Value, out var page) ? page : 1;
    }

    [GeneratedRegex(@"/candidate/jobadvert/(?<ref>[^/?#\s]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AdvertPath();

    [GeneratedRegex(@"[?&]page=(?<n>\d{1,9})(?:&|$)", RegexOptions.CultureInvariant)]
    private static partial Regex PageQuery();
}
