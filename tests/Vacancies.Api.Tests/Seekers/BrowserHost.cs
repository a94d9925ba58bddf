using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vacancies.Hosting;
using Vacancies.Tests.Infrastructure;

namespace Vacancies.Tests.Seekers;

/// <summary>
/// The real host on a loopback port (a browser cannot reach WebApplicationFactory's in-memory server)
/// and Debian's Chromium driven by Playwright, never a browser Playwright downloads.
/// </summary>
public sealed class BrowserHost : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly WebApplication app;
    private readonly IPlaywright playwright;

    public IBrowser Browser { get; }

    public Uri BaseUrl { get; }

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private BrowserHost(WebApplication app, Uri baseUrl, IPlaywright playwright, IBrowser browser)
    {
        this.app = app;
        BaseUrl = baseUrl;
        this.playwright = playwright;
        Browser = browser;
    }

    public static async Task<BrowserHost> StartAsync(DatabaseFixture database)
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: apt-get install -y chromium (ops/test does this unless VACANCIES_SKIP_BROWSER is set)");
        var app = VacanciesHost.Build(
        [
            "--urls=http://127.0.0.1:0",
            "--environment=Testing",
            $"--ConnectionStrings:Vacancies={database.ConnectionString}",
            "--Database:MigrateOnStart=false",
            "--Scheduler:Enabled=false",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new BrowserHost(app, new Uri(address), playwright, browser);
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, (double Lat, double Lon)? location = null)
    {
        var options = new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
        };
        if (location is { } at)
        {
            options.Geolocation = new Geolocation { Latitude = (float)at.Lat, Longitude = (float)at.Lon };
            options.Permissions = ["geolocation"];
        }

        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(15000);
        var page = await context.NewPageAsync();
        // The page must work with no internet: any request off this host fails the test.
        var host = BaseUrl.Authority;
        await context.RouteAsync("**/*", async route =>
        {
            if (new Uri(route.Request.Url).Authority == host)
            {
                await route.ContinueAsync();
            }
            else
            {
                OffHostRequests.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        return page;
    }

    public List<string> OffHostRequests { get; } = [];

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
