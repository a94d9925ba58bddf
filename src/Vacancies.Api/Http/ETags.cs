using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Vacancies.Http;

/// <summary>
/// Strong ETags from the bytes actually sent, so a feed reader or a browser polling a search gets a 304
/// when nothing it would see has changed. Hashing the body rather than tracking versions keeps the
/// answer correct whatever the query joins, at the cost of building the body each time.
/// </summary>
public static class ETags
{
    public static TBuilder WithETag<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            return result is IResult inner ? new ETaggedResult(inner) : result;
        });

    internal static bool Matches(string ifNoneMatch, string etag)
    {
        // If-None-Match uses the weak comparison: W/"x" matches "x".
        foreach (var candidate in ifNoneMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
            if (tag == "*" || tag == etag)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class ETaggedResult(IResult inner) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            var original = response.Body;
            using var buffer = new MemoryStream();
            response.Body = buffer;
            try
            {
                await inner.ExecuteAsync(httpContext);
            }
            finally
            {
                response.Body = original;
            }

            if (response.StatusCode == StatusCodes.Status200OK)
            {
                var hash = SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
                var etag = "\"" + Convert.ToBase64String(hash, 0, 18).Replace('+', '-').Replace('/', '_') + "\"";
                response.Headers.ETag = etag;
                response.Headers.CacheControl = "no-cache";
                if (httpContext.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } ifNoneMatch && Matches(ifNoneMatch, etag))
                {
                    response.StatusCode = StatusCodes.Status304NotModified;
                    response.ContentLength = null;
                    response.Headers.Remove(HeaderNames.ContentType);
                    return;
                }
            }

            response.ContentLength = buffer.Length;
            buffer.Position = 0;
            await buffer.CopyToAsync(original, httpContext.RequestAborted);
        }
    }
}
