using System.Text;
using System.Text.Json.Nodes;
using Vacancies.Boards;

namespace Vacancies.Boards.Tests;

/// <summary>The captured and reconstructed board pages copied from the shared fixtures, with the JSON
/// `parse` must print for each (Fixtures/&lt;board&gt;/expected/&lt;page&gt;.json).</summary>
public static class FixturePages
{
    public static string Folder(string board) => Path.Combine(AppContext.BaseDirectory, "Fixtures", board);

    public static string Read(string board, string page) => File.ReadAllText(Path.Combine(Folder(board), page), Encoding.UTF8);

    /// <summary>Every page of a board that has an expected file, for a theory with one case per page.</summary>
    public static TheoryData<string> WithExpected(string board)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Folder(board), "expected"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    /// <summary>Parses the page and compares what `parse` would print with the expected file, naming the
    /// first differing field so a failure says what to fix.</summary>
    public static void AssertParsesAsExpected(IBoardParser parser, string board, string page, Uri? servedFrom = null)
    {
        var actual = JsonNode.Parse(PageJson.Write(parser.Parse(Read(board, page), servedFrom)))!;
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder(board), "expected", page + ".json")))!;
        var difference = FirstDifference(expected, actual, "$");
        Assert.True(difference is null, $"{board}/{page}: {difference}");
    }

    private static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                {
                    if (!a.ContainsKey(key))
                    {
                        return $"{path}.{key} missing (expected {value?.ToJsonString() ?? "null"})";
                    }

                    if (FirstDifference(value, a[key], $"{path}.{key}") is { } inner)
                    {
                        return inner;
                    }
                }

                var extra = a.Select(p => p.Key).FirstOrDefault(k => !e.ContainsKey(k));
                return extra is null ? null : $"{path}.{extra} is not in the contract";
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                {
                    return $"{path} has {a.Count} items, expected {e.Count}";
                }

                for (var i = 0; i < e.Count; i++)
                {
                    if (FirstDifference(e[i], a[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return JsonNode.DeepEquals(expected, actual)
                    ? null
                    : $"{path} is {actual?.ToJsonString() ?? "null"}, expected {expected?.ToJsonString() ?? "null"}";
        }
    }
}
