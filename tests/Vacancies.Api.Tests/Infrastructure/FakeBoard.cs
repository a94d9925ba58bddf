using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vacancies.Tests.Infrastructure;

/// <summary>
/// A job board on loopback (Kestrel), serving pages by exact path and query, so a sweep runs over real
/// HTTP with its real resilience pipeline. Anything not scripted is a 404. Every request is recorded.
/// </summary>
public sealed class FakeBoard : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, int, Task>> routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> hits = new(StringComparer.Ordinal);

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseUrl { get; }

    public sealed record RecordedRequest(string PathAndQuery, string? UserAgent, DateTimeOffset At);

    private FakeBoard(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<FakeBoard> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeBoard? board = null;
        app.Run(context => board!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        board = new FakeBoard(app, new Uri(address));
        return board;
    }

    /// <summary>Serves a fixed page at a path and query.</summary>
    public void Page(string pathAndQuery, string body, string contentType = "text/html; charset=utf-8") =>
        Respond(pathAndQuery, (context, _) => WriteAsync(context, 200, body, contentType));

    public void Status(string pathAndQuery, int status, string? retryAfter = null) =>
        Respond(pathAndQuery, (context, _) =>
        {
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            return WriteAsync(context, status, $"status {status}", "text/plain");
        });

    /// <summary>Scripts a path: the responder gets the request and how many times the path was asked for (1 first).</summary>
    public void Respond(string pathAndQuery, Func<HttpContext, int, Task> responder) => routes[pathAndQuery] = responder;

    /// <summary>When set, answers every request before the routes do (a board that is down, a 500 storm).</summary>
    public Func<HttpContext, Task<bool>>? Override { get; set; }

    public int Hits(string pathAndQuery) => hits.GetValueOrDefault(pathAndQuery);

    public static Task WriteAsync(HttpContext context, int status, string body, string contentType)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var key = context.Request.Path.Value + context.Request.QueryString.Value;
        Requests.Enqueue(new RecordedRequest(key, context.Request.Headers.UserAgent.ToString(), DateTimeOffset.UtcNow));
        var count = hits.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (Override is { } handle && await handle(context))
        {
            return;
        }

        if (routes.TryGetValue(key, out var responder))
        {
            await responder(context, count);
            return;
        }

        await WriteAsync(context, 404, "not on this fake board: " + key, "text/plain");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
