using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ChatBlock.Tests.Infrastructure;

/// <summary>
/// The real gateway (<c>Program</c>) in process over <see cref="WebApplicationFactory{TEntryPoint}"/>, with its own data folder
/// and configuration. Tests talk to it over HTTP with real bearer tokens.
/// </summary>
public class ChatApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsDataPath;

    public ChatApp(string provider = "Sqlite", IDictionary<string, string?>? settings = null, string? dataPath = null)
    {
        _ownsDataPath = dataPath is null;
        DataPath = dataPath ?? TempFolder.Create("chat-app");
        _settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["Storage:DataPath"] = DataPath,
            ["Blocking:RateLimit:PermitsPerHour"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>Sets one configuration value; only before the first client is created.</summary>
    protected void Configure(string key, string? value) => _settings[key] = value;

    /// <summary>The data folder (SQLite file and signing key).</summary>
    public string DataPath { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // As host settings, so that they are visible while services are registered (Storage:Provider picks the store there).
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Registers a fresh user (random name) and returns a client signed in as them.</summary>
    public async Task<TestUser> RegisterAsync(string? prefix = null, string? avatarUrl = null)
    {
        var username = $"{prefix ?? "u"}{Guid.NewGuid():N}"[..20];
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { username, password = "correct horse", avatarUrl });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<AuthBody>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body!.AccessToken);
        return new TestUser(body.User.Id, username, body.AccessToken, client);
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

/// <summary>A registered user and an <see cref="HttpClient"/> that sends their bearer token.</summary>
public sealed record TestUser(Guid Id, string Username, string Token, HttpClient Client);

/// <summary>The parts of an auth answer the tests use.</summary>
public sealed record AuthBody(ProfileBody User, string AccessToken, DateTimeOffset ExpiresAt);

/// <summary>A <c>UserProfile</c> as JSON.</summary>
public sealed record ProfileBody(Guid Id, string Username, string DisplayName, string? AvatarUrl, DateTimeOffset? LastSeenAt);
