using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Vacancies.Http;

namespace Vacancies.Chiefs;

/// <summary>
/// Reads a chief's JSON body by hand: at most 64 KiB (by Content-Length and by counting what is read,
/// for a chunked body that declares none), the right media type, and a JSON object without duplicate
/// keys, each failure a problem document instead of model binding's 500s and silent defaults.
/// </summary>
internal static class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    public const string MergePatch = "application/merge-patch+json";

    public const string Json = "application/json";

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    public sealed record Body(JsonElement Root, ProblemHttpResult? Problem);

    public static async Task<Body> ReadObjectAsync(HttpRequest request, IReadOnlyCollection<string> mediaTypes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return Fail(TooLarge());
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !mediaTypes.Any(m => contentType.MediaType.Equals(m, StringComparison.OrdinalIgnoreCase)))
        {
            return Fail(Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Send the body as {string.Join(" or ", mediaTypes)}."));
        }

        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return Fail(TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), Options);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new Body(document.RootElement.Clone(), null)
                : Fail(Problems.BadRequest("The body must be a JSON object."));
        }
        catch (JsonException exception)
        {
            // The parser's message names the line and position, never the text it read.
            return Fail(Problems.BadRequest($"The body is not valid JSON: {exception.Message}"));
        }
    }

    private static ProblemHttpResult TooLarge() =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body may be at most {MaxBytes / 1024} KiB.");

    private static Body Fail(ProblemHttpResult problem) => new(default, problem);
}
