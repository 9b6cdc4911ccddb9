using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Infrastructure;

/// <summary>
/// The real gateway (<c>Program</c>) in process over <see cref="WebApplicationFactory{TEntryPoint}"/>, with its own data folder
/// and configuration; the one factory every suite uses (TodoApi's <c>TodoApplication</c>). Tests talk to it over HTTP with real
/// bearer tokens: <see cref="RegisterAsync"/> gives a fresh <see cref="TestUser"/> carrying its client, and
/// <see cref="CreateClient(TestUser)"/> signs an existing user in on this app.
/// </summary>
/// <remarks>
/// By default requests go through the in-memory test server. With <c>realServer: true</c> the app listens on a real Kestrel
/// port of 127.0.0.1 (<see cref="BaseAddress"/>), for event streams and browsers; <see cref="WebApplicationFactory{T}.CreateClient()"/>
/// then answers clients of that port. Variants are settings: a dictionary on top of <c>appsettings.json</c>.
/// </remarks>
public class ChatApp : WebApplicationFactory<Program>
{
    /// <summary>The password of every user <see cref="RegisterAsync"/> makes (the browser tests sign in with it).</summary>
    public const string Password = "correct horse battery";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _ownsDataPath;

    /// <param name="provider"><c>Storage:Provider</c>: <c>Sqlite</c> (the default), <c>Postgres</c> or <c>Memory</c>.</param>
    /// <param name="settings">Configuration on top of the defaults; a null value removes a key's value.</param>
    /// <param name="dataPath">The data folder (SQLite file, signing key); a fresh temporary one, deleted on dispose, when null.</param>
    /// <param name="realServer">Listen on a real Kestrel port instead of the in-memory test server.</param>
    /// <param name="services">Registrations made before the app's own (which are <c>TryAdd</c>), e.g. a shared database.</param>
    public ChatApp(
        string provider = "Sqlite",
        IDictionary<string, string?>? settings = null,
        string? dataPath = null,
        bool realServer = false,
        Action<IServiceCollection>? services = null)
    {
        _ownsDataPath = dataPath is null;
        DataPath = dataPath ?? TempFolder.Create("chat-app");
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["Storage:DataPath"] = DataPath,
            // Limits off unless a test sets them: every suite's users share one client address and one app.
            ["Blocking:RateLimit:PermitsPerHour"] = "0",
            ["Auth:RateLimit:LoginPermitsPerMinute"] = "0",
            ["Auth:RateLimit:RegisterPermitsPerHour"] = "0",
            ["Messages:RateLimit:PermitsPerMinute"] = "0",
            ["Conversations:RateLimit:PermitsPerHour"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        if (realServer)
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        }

        IsRealServer = realServer;
    }

    /// <summary>
    /// One silo of a cluster in one process, on a real port: its own grains and event streams, the database and notification
    /// channel of <paramref name="storage"/>, and a signing key shared by every silo so that a token of one is valid on all.
    /// </summary>
    public static ChatApp Silo(string siloId, SiloStorage storage) =>
        new(
            storage.Provider,
            new Dictionary<string, string?>(storage.Settings)
            {
                ["Silo:SiloId"] = siloId,
                ["Auth:SigningKey"] = "cluster-tests-signing-key-0123456789abcdef",
            },
            realServer: true,
            services: storage.AddServices);

    /// <summary>The data folder (SQLite file and signing key).</summary>
    public string DataPath { get; }

    /// <summary>Whether the app listens on a real Kestrel port (see <see cref="BaseAddress"/>).</summary>
    public bool IsRealServer { get; }

    /// <summary>Where a real server listens, e.g. <c>http://127.0.0.1:41234/</c>; starts it on first use.</summary>
    /// <exception cref="InvalidOperationException">The app was made without <c>realServer: true</c>.</exception>
    public Uri BaseAddress
    {
        get
        {
            if (!IsRealServer)
            {
                throw new InvalidOperationException("Only an app made with realServer: true listens on a port.");
            }

            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new Uri(address.EndsWith('/') ? address : address + "/");
        }
    }

    /// <summary>Sets one configuration value; only before the first client is created.</summary>
    protected void Configure(string key, string? value) => _settings[key] = value;

    /// <summary>A client that sends <paramref name="user"/>'s bearer token to this app (a user of another silo signs in here).</summary>
    public HttpClient CreateClient(TestUser user)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return client;
    }

    /// <summary>Registers a fresh user (random name after <paramref name="prefix"/>) and returns them signed in.</summary>
    public async Task<TestUser> RegisterAsync(string? prefix = null, string? avatarUrl = null)
    {
        var username = $"{prefix ?? "u"}{Guid.NewGuid():N}"[..20];
        var client = CreateClient();
        var body = await HttpAssert.OkAsync<AuthBody>(
            await client.RegisterAsync(username, Password, avatarUrl: avatarUrl), HttpStatusCode.Created);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.AccessToken);
        return new TestUser(body.User.Id, username, body.AccessToken, client);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // As host settings, so that they are visible while services are registered (Storage:Provider picks the store there).
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // Test-only request headers: a client address per request, and an answer lost after the commit.
        builder.ConfigureServices(ClientAddressHeader.Add);
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (IsRealServer)
        {
            client.BaseAddress = BaseAddress;
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (_ownsDataPath)
        {
            TempFolder.TryDelete(DataPath);
        }
    }
}
