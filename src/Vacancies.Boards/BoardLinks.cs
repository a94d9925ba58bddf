namespace Vacancies.Boards;

/// <summary>Links between a board's real host and the base URL it is fetched from.</summary>
public static class BoardLinks
{
    /// <summary>An href found on a page, made absolute on the board's real host, query and fragment dropped.</summary>
    public static string Canonical(Uri realHost, string href, bool keepQuery = false)
    {
        var absolute = new Uri(realHost, href.Trim());
        var onRealHost = new UriBuilder(realHost.Scheme, realHost.Host, realHost.IsDefaultPort ? -1 : realHost.Port, absolute.AbsolutePath)
        {
            Query = keepQuery ? absolute.Query.TrimStart('?') : string.Empty,
        };
        return onRealHost.Uri.GetComponents(UriComponents.AbsoluteUri, UriFormat.UriEscaped);
    }

    /// <summary>Where to fetch a link found on a page (relative, or absolute on whatever host): the same path
    /// and query on the configured base URL, so a stand-in board serves every page.</summary>
    public static Uri OnBase(Uri baseUrl, string href)
    {
        var found = new Uri(baseUrl, href.Trim());
        var basePath = baseUrl.AbsolutePath.TrimEnd('/');
        var builder = new UriBuilder(baseUrl.Scheme, baseUrl.Host, baseUrl.Port, basePath + found.AbsolutePath)
        {
            Query = found.Query.TrimStart('?'),
        };
        return builder.Uri;
    }
}
