using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Api;

/// <summary>Register, login, profiles and search (SPEC section 4).</summary>
public abstract class AccountsApiTests(ChatApp app)
{
    [Fact]
    public async Task RegisterThenLoginCaseInsensitively()
    {
        using var client = app.CreateClient();
        var name = $"Mixed{Guid.NewGuid():N}"[..16];

        var registered = await HttpAssert.OkAsync<AuthBody>(
            await client.RegisterAsync(name, "password123", displayName: "Mixed Case"),
            HttpStatusCode.Created);
        var loggedIn = await HttpAssert.OkAsync<AuthBody>(
            await client.LoginAsync(name.ToUpperInvariant(), "password123"));

        Assert.Equal(name.ToLowerInvariant(), registered.User.Username);
        Assert.Equal("Mixed Case", registered.User.DisplayName);
        Assert.Equal(registered.User.Id, loggedIn.User.Id);
        Assert.True(loggedIn.ExpiresAt > DateTimeOffset.UtcNow);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", loggedIn.AccessToken);
        Assert.Equal(registered.User.Id, (await HttpAssert.OkAsync<ProfileBody>(await client.GetAsync("/api/v1/users/me"))).Id);
    }

    [Fact]
    public async Task UsernamesAreUniqueWhateverTheCase()
    {
        var a = await app.RegisterAsync();
        using var client = app.CreateClient();

        await HttpAssert.ProblemAsync(
            await client.RegisterAsync(a.Username.ToUpperInvariant(), "password123"),
            HttpStatusCode.Conflict, "user.username_taken");
    }

    [Theory]
    [InlineData("ab", "password123")]
    [InlineData("has space", "password123")]
    [InlineData("ok_name", "short")]
    [InlineData(null, "password123")]
    [InlineData("ok_name", null)]
    public async Task InvalidRegistrationsAreRefused(string? username, string? password)
    {
        using var client = app.CreateClient();

        await HttpAssert.ProblemAsync(
            await client.RegisterAsync(username, password),
            HttpStatusCode.BadRequest, "request.invalid");
    }

    [Fact]
    public async Task WrongPasswordAndUnknownUserLookTheSame()
    {
        var a = await app.RegisterAsync();
        using var client = app.CreateClient();

        await HttpAssert.ProblemAsync(
            await client.LoginAsync(a.Username, "wrong password"),
            HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        await HttpAssert.ProblemAsync(
            await client.LoginAsync("nobody-" + Guid.NewGuid().ToString("N")[..8], "password123"),
            HttpStatusCode.Unauthorized, "auth.invalid_credentials");
    }

    [Fact]
    public async Task SearchFindsByUsernamePrefix()
    {
        var prefix = $"s{Guid.NewGuid():N}"[..10];
        var a = await app.RegisterAsync(prefix);
        var b = await app.RegisterAsync(prefix);

        var found = await a.SearchAsync(prefix.ToUpperInvariant());

        Assert.Equal(new[] { a.Id, b.Id }.Order(), found.Items.Select(i => i.Id).Order());
        await HttpAssert.ProblemAsync(await a.Client.GetAsync("/api/v1/users?query="), HttpStatusCode.BadRequest, "request.invalid");
    }

    [Fact]
    public async Task UnknownUserIsNotFound()
    {
        var a = await app.RegisterAsync();

        await HttpAssert.ProblemAsync(
            await a.Client.GetAsync($"/api/v1/users/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "user.not_found");
    }

    [Fact]
    public async Task HealthReadinessAndOpenApiNeedNoToken()
    {
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        var openApi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/users/{userId}/block", openApi);
        Assert.Contains("/api/v1/conversations/{id}/messages", openApi);
    }

    [Theory]
    [InlineData("/api/v1/auth/register", "post", "400,409,429")]
    [InlineData("/api/v1/auth/login", "post", "401,429")]
    [InlineData("/api/v1/users/{userId}", "get", "400,401,404")]
    [InlineData("/api/v1/users/{userId}/block", "post", "400,401,404,409,429")]
    [InlineData("/api/v1/users/{userId}/block", "delete", "400,401,404")]
    [InlineData("/api/v1/users/me/blocks", "get", "400,401")]
    [InlineData("/api/v1/conversations/direct", "post", "400,401,404")]
    [InlineData("/api/v1/conversations/{id}", "get", "400,401,404")]
    [InlineData("/api/v1/conversations/{id}/block", "post", "400,401,404,409,429")]
    [InlineData("/api/v1/conversations/{id}/messages", "post", "400,401,403,404,409,429")]
    [InlineData("/api/v1/conversations/{id}/messages", "get", "400,401,404")]
    public async Task OpenApiListsEachRoutesProblemAnswers(string path, string method, string statuses)
    {
        using var client = app.CreateClient();

        using var openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var responses = openApi.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");
        foreach (var status in statuses.Split(','))
        {
            Assert.True(
                responses.TryGetProperty(status, out var response) && response.GetProperty("content").TryGetProperty(
                    "application/problem+json", out _),
                $"{method} {path} does not list a {status} problem.");
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAccountsApiTests(SqliteChatApp app) : AccountsApiTests(app);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresAccountsApiTests(PostgresChatApp app) : AccountsApiTests(app);
