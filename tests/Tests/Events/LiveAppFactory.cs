using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Events;

/// <summary>
/// The whole app on a real Kestrel port of 127.0.0.1, so that streams and browsers talk real HTTP; on SQLite, the default,
/// in a data folder of its own.
/// </summary>
public class LiveAppFactory : WebApplicationFactory<Program>
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), $"chatblock-tests-{Guid.NewGuid():N}");

    public LiveAppFactory() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    /// <summary>Where the app listens, e.g. <c>http://127.0.0.1:41234/</c>; starts it on first use.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new Uri(address.EndsWith('/') ? address : address + "/");
        }
    }

    /// <summary>Configuration on top of appsettings.json.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Storage:DataPath"] = _dataPath,
        ["Auth:SigningKey"] = "live-event-tests-signing-key-0123456789abcdef",
        ["Blocking:RateLimit:PermitsPerHour"] = "0",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>A client of the real server (its own sockets, no test handler).</summary>
    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(ConfigureServices);
    }

    /// <summary>Registrations after the app's own.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }
}
