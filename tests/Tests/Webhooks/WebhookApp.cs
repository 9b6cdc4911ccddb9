using System.Net.Http.Headers;
using ChatBlock.Api.Auth;
using ChatBlock.Storage;
using ChatBlock.Storage.Webhooks;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Webhooks;

/// <summary>Settings and users for webhook tests: one configured app, <see cref="AppId"/>, whose webhook is a test receiver.</summary>
public static class WebhookApp
{
    /// <summary>The configured app's id.</summary>
    public const string AppId = "shop";

    /// <summary>Its server key (the receiver verifies signatures with it).</summary>
    public const string ServerKey = "shop-server-key-0123456789abcdef-0123456789";

    /// <summary>
    /// Settings of a gateway with app <see cref="AppId"/> posting to <paramref name="webhookUrl"/>, short backoff and polling so that
    /// retries happen within the test (the production defaults are seconds to an hour).
    /// </summary>
    public static Dictionary<string, string?> Settings(Uri webhookUrl, string? postgres = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Apps:{AppId}:ClientKey"] = "shop-client-key",
            [$"Apps:{AppId}:ServerKey"] = ServerKey,
            [$"Apps:{AppId}:WebhookUrl"] = webhookUrl.ToString(),
            ["Webhooks:InitialBackoff"] = "00:00:00.050",
            ["Webhooks:MaxBackoff"] = "00:00:00.200",
            ["Webhooks:PollInterval"] = "00:00:00.050",
        };
        if (postgres is not null)
        {
            settings["ConnectionStrings:Postgres"] = postgres;
        }

        return settings;
    }

    /// <summary>
    /// A new gateway on <paramref name="provider"/> (a fresh PostgreSQL database unless <paramref name="postgres"/>), with
    /// <paramref name="settings"/> over <see cref="Settings"/> and <paramref name="services"/> registered first.
    /// </summary>
    public static async Task<ChatApp> CreateAsync(
        string provider,
        Uri webhookUrl,
        string? dataPath = null,
        string? postgres = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        if (provider == "Postgres")
        {
            postgres ??= await SharedPostgres.CreateDatabaseAsync();
        }

        var all = Settings(webhookUrl, postgres);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new ChatApp(provider, all, dataPath, services: services);
    }

    /// <summary>
    /// A user of app <see cref="AppId"/> with external id <paramref name="externalId"/>, signed in on <paramref name="app"/> with a
    /// token for the <c>/api/v1</c> routes. Made in the store and signed by the app's token service, standing in for the server
    /// API (<c>PUT /api/v1/apps/{appId}/users/{externalId}</c> and its token route, built on another branch).
    /// </summary>
    public static async Task<TestUser> CreateUserAsync(ChatApp app, string externalId)
    {
        var store = app.Services.GetRequiredService<IChatStore>();
        var user = new UserRecord(Guid.NewGuid(), externalId, externalId, null, DateTimeOffset.UtcNow, null) { AppId = AppId };
        Assert.True(await store.TryCreateUserAsync(user, ""));
        var token = app.Services.GetRequiredService<TokenService>().Issue(user, 0).Token;
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new TestUser(user.Id, externalId, token, client);
    }

    /// <summary>The outbox's backlog on <paramref name="app"/>.</summary>
    public static Task<OutboxBacklog> BacklogAsync(ChatApp app) =>
        app.Services.GetRequiredService<IWebhookOutbox>().GetBacklogAsync();
}
