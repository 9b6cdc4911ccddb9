using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Apps;

/// <summary>
/// The two apps every apps suite configures (SPEC section 8), <see cref="Sample"/> (the seeds' <c>SampleApp</c>) and
/// <see cref="Other"/>, and the server API and IM API calls the suites make.
/// </summary>
public static class TestApps
{
    /// <summary>The seeds' app id.</summary>
    public const string Sample = "SampleApp";

    /// <summary>A second app, for isolation.</summary>
    public const string Other = "OtherApp";

    /// <summary>Both apps' settings, as <c>Apps__SampleApp__ClientKey=...</c> would give them.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        [$"Apps:{Sample}:ClientKey"] = ClientKey(Sample),
        [$"Apps:{Sample}:ServerKey"] = ServerKey(Sample),
        [$"Apps:{Other}:ClientKey"] = ClientKey(Other),
        [$"Apps:{Other}:ServerKey"] = ServerKey(Other),
    };

    /// <summary><paramref name="settings"/> with both apps added.</summary>
    public static Dictionary<string, string?> With(IReadOnlyDictionary<string, string?> settings)
    {
        var all = Settings();
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    /// <summary>The client key of <paramref name="appId"/>.</summary>
    public static string ClientKey(string appId) => $"{appId}-client-key";

    /// <summary>The server key of <paramref name="appId"/> (32+ characters).</summary>
    public static string ServerKey(string appId) => $"{appId}-server-key-0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>A fresh external id: <paramref name="prefix"/> and random letters, unique per test run.</summary>
    public static string NewExternalId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>A client of <paramref name="chat"/> that sends <paramref name="appId"/>'s server key.</summary>
    public static HttpClient ServerClient(this ChatApp chat, string appId, string? serverKey = null)
    {
        var client = chat.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", serverKey ?? ServerKey(appId));
        return client;
    }

    /// <summary><c>PUT /api/v1/apps/{appId}/users/{externalId}</c>; the raw answer.</summary>
    public static Task<HttpResponseMessage> PutUserAsync(
        this HttpClient server, string appId, string externalId, string? nickname, string? avatarUrl = null) =>
        server.PutAsJsonAsync($"/api/v1/apps/{appId}/users/{Uri.EscapeDataString(externalId)}", new { nickname, avatarUrl });

    /// <summary><c>POST /api/v1/apps/{appId}/users/{externalId}/tokens</c>; the raw answer.</summary>
    public static Task<HttpResponseMessage> IssueTokenAsync(this HttpClient server, string appId, string externalId) =>
        server.PostAsync($"/api/v1/apps/{appId}/users/{Uri.EscapeDataString(externalId)}/tokens", null);

    /// <summary>
    /// Puts user <paramref name="externalId"/> into <paramref name="appId"/> through the server API, mints a client token, and
    /// returns them with a bearer client and an IM client of <paramref name="chat"/>.
    /// </summary>
    public static async Task<AppUser> CreateUserAsync(
        this ChatApp chat, string appId, string externalId, string? nickname = null, string? avatarUrl = null)
    {
        var server = chat.ServerClient(appId);
        var profile = await HttpAssert.OkAsync<AppProfileBody>(
            await server.PutUserAsync(appId, externalId, nickname ?? externalId, avatarUrl), HttpStatusCode.Created);
        var token = await HttpAssert.OkAsync<AppTokenBody>(await server.IssueTokenAsync(appId, externalId), HttpStatusCode.Created);
        return chat.SignIn(new AppUser(profile.Id, appId, externalId, token.AccessToken, null!, null!));
    }

    /// <summary><paramref name="user"/> with clients of <paramref name="chat"/> (another silo).</summary>
    public static AppUser SignIn(this ChatApp chat, AppUser user)
    {
        var bearer = chat.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        var im = chat.CreateClient();
        im.DefaultRequestHeaders.Add("IM-CLIENT-KEY", ClientKey(user.AppId));
        im.DefaultRequestHeaders.Add("IM-Authorization", user.Token);
        return user with { Bearer = new TestUser(user.Id, user.ExternalId, user.Token, bearer), Im = im };
    }
}

/// <summary>A user of an app, with a client token.</summary>
/// <param name="Id">The user's UUID.</param>
/// <param name="AppId">Its app.</param>
/// <param name="ExternalId">Its id in the app.</param>
/// <param name="Token">A client token.</param>
/// <param name="Bearer">The same user on the <c>/api/v1</c> routes (<c>Authorization: Bearer</c>).</param>
/// <param name="Im">A client that sends <c>IM-CLIENT-KEY</c> and <c>IM-Authorization</c>.</param>
public sealed record AppUser(Guid Id, string AppId, string ExternalId, string Token, TestUser Bearer, HttpClient Im);

/// <summary>A <c>UserProfile</c> with the members of SPEC section 8.</summary>
public sealed record AppProfileBody(
    Guid Id, string Username, string DisplayName, string? AvatarUrl, DateTimeOffset? LastSeenAt, string AppId, string ExternalId);

/// <summary>A client token answer.</summary>
public sealed record AppTokenBody(string AccessToken, DateTimeOffset ExpiresAt);
