namespace Vacancies.Boards.Tests;

internal static class Robustness
{
    /// <summary>Cuts the page at many points (as a dropped connection would) and parses each cut: it may be read
    /// or refused with a <see cref="PageFormatException"/>, never anything else.</summary>
    public static void EveryTruncation(IBoardParser parser, string page)
    {
        var step = Math.Max(1, page.Length / 400);
        for (var length = 0; length < page.Length; length += step)
        {
            try
            {
                parser.Parse(page[..length]);
            }
            catch (PageFormatException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"cut at {length}: {e.GetType().Name}: {e.Message}");
            }
        }
    }
}
