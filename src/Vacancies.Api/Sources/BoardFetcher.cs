using System.Net;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Polly.RateLimiting;

namespace Vacancies.Sources;

/// <summary>Fetches a board's pages through its polite client and turns every failure into a
/// <see cref="BoardFetchException"/> that says what happened.</summary>
public sealed class BoardFetcher(HttpClient client, Uri baseUrl)
{
    public Uri BaseUrl { get; } = baseUrl;

    public RequestCounter Counter { get; } = new();

    public async Task<FetchedPage> GetAsync(Uri address, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Options.Set(RequestCountingHandler.Counter, Counter);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (BrokenCircuitException exception)
        {
            throw new BoardFetchException(address, null, $"circuit open after repeated failures: {exception.Message}", exception);
        }
        catch (TimeoutRejectedException exception)
        {
            throw new BoardFetchException(address, null, "timed out", exception);
        }
        catch (RateLimiterRejectedException exception)
        {
            throw new BoardFetchException(address, null, "rate limiter queue full", exception);
        }
        catch (HttpRequestException exception)
        {
            throw new BoardFetchException(address, null, $"connection failed: {exception.Message}", exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BoardFetchException(address, null, "timed out", exception);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var wait = response.Headers.RetryAfter is { } retryAfter ? $" (Retry-After: {retryAfter})" : "";
                throw new BoardFetchException(address, response.StatusCode, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{wait}");
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return new FetchedPage(address, body);
        }
    }
}

public sealed record FetchedPage(Uri Address, string Content);

public sealed class BoardFetchException(Uri address, HttpStatusCode? status, string reason, Exception? inner = null)
    : Exception($"GET {address.PathAndQuery}: {reason}", inner)
{
    public Uri Address { get; } = address;

    public HttpStatusCode? Status { get; } = status;

    /// <summary>The board refuses us (403), or asks us to wait longer than we honour: the sweep is blocked, not broken.</summary>
    public bool IsBlocked => Status is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests;

    public bool IsNotFound => Status is HttpStatusCode.NotFound or HttpStatusCode.Gone;
}
