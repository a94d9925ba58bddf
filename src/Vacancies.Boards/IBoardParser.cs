namespace Vacancies.Boards;

/// <summary>One board's pages, read into <see cref="ParsedPage"/>. Pure: text in, page out; no network,
/// database or clock.</summary>
public interface IBoardParser
{
    /// <summary>The board's slug: nhs-jobs, nhs-scotland, hsc-ni, hse, publicjobs.</summary>
    string Source { get; }

    /// <summary>Reads any page of the board, its kind detected from the content.</summary>
    /// <param name="content">The page as served.</param>
    /// <param name="servedFrom">The address the page was fetched from, where known; a board whose advert
    /// page does not state its own identity (HSE) needs it, the others ignore it.</param>
    /// <exception cref="PageFormatException">The page is not one this board serves, or it claims results
    /// that cannot be read: a changed layout must fail loudly, never look like an empty board.</exception>
    ParsedPage Parse(string content, Uri? servedFrom = null);
}

/// <summary>A page that cannot be read as the board's markup is known to be.</summary>
public sealed class PageFormatException(string message) : Exception(message);
