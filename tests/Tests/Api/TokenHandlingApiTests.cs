using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using ChatBlock.Api.Auth;
using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatBlock.Tests.Api;

/// <summary>Logout, password change and account deletion, each revoking tokens (SPEC section 11, issue 11 item 11).</summary>
public abstract class TokenHandlingApiTests(ChatApp app)
{
    private const string NewPassword = "a brand new passphrase";

    [Fact]
    public async Task LogoutRevokesThisTokenOnly()
    {
        var first = await app.RegisterAsync();
        var second = await SignInAsync(first);

        Assert.Equal(HttpStatusCode.NoContent, (await first.LogoutAsync()).StatusCode);

        await HttpAssert.ProblemAsync(await first.GetMeAsync(), HttpStatusCode.Unauthorized, "auth.unauthorized");
        await HttpAssert.ProblemAsync(await first.LogoutAsync(), HttpStatusCode.Unauthorized, "auth.unauthorized");
        Assert.Equal(first.Id, (await second.MeAsync()).Id);
    }

    [Fact]
    public async Task PasswordChangeRevokesEveryTokenAndTheNewPasswordSignsIn()
    {
        var first = await app.RegisterAsync();
        var second = await SignInAsync(first);

        Assert.Equal(HttpStatusCode.NoContent, (await first.ChangePasswordAsync(ChatApp.Password, NewPassword)).StatusCode);

        await HttpAssert.ProblemAsync(await first.GetMeAsync(), HttpStatusCode.Unauthorized, "auth.unauthorized");
        await HttpAssert.ProblemAsync(await second.GetMeAsync(), HttpStatusCode.Unauthorized, "auth.unauthorized");
        using var anonymous = app.CreateClient();
        await HttpAssert.ProblemAsync(
            await anonymous.LoginAsync(first.Username, ChatApp.Password), HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        var renewed = await SignInAsync(first, NewPassword);
        Assert.Equal(first.Id, (await renewed.MeAsync()).Id);
    }

    [Fact]
    public async Task PasswordChangeRefusesAWrongCurrentPasswordAndABadNewOne()
    {
        var a = await app.RegisterAsync();

        await HttpAssert.ProblemAsync(
            await a.ChangePasswordAsync("not the password", NewPassword), HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        await HttpAssert.ProblemAsync(
            await a.ChangePasswordAsync(ChatApp.Password, "short"), HttpStatusCode.BadRequest, "request.invalid");
        await HttpAssert.ProblemAsync(
            await a.ChangePasswordAsync(null, NewPassword), HttpStatusCode.BadRequest, "request.invalid");

        Assert.Equal(a.Id, (await a.MeAsync()).Id);
        await SignInAsync(a);
    }

    [Fact]
    public async Task TokensIssuedBeforeStampsCountAsStampZeroAndCanBeLoggedOut()
    {
        var a = await app.RegisterAsync();
        var legacy = a with { Client = app.CreateClient() };
        legacy.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LegacyToken(a));

        Assert.Equal(a.Id, (await legacy.MeAsync()).Id);
        Assert.Equal(HttpStatusCode.NoContent, (await legacy.LogoutAsync()).StatusCode);

        await HttpAssert.ProblemAsync(await legacy.GetMeAsync(), HttpStatusCode.Unauthorized, "auth.unauthorized");
        Assert.Equal(a.Id, (await a.MeAsync()).Id);
    }

    [Fact]
    public async Task PasswordChangeRevokesTokensIssuedBeforeStamps()
    {
        var a = await app.RegisterAsync();
        var legacy = a with { Client = app.CreateClient() };
        legacy.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LegacyToken(a));

        Assert.Equal(HttpStatusCode.NoContent, (await a.ChangePasswordAsync(ChatApp.Password, NewPassword)).StatusCode);

        await HttpAssert.ProblemAsync(await legacy.GetMeAsync(), HttpStatusCode.Unauthorized, "auth.unauthorized");
    }

    [Fact]
    public async Task DeletedAccountIsGoneForEveryone()
    {
        var a = await app.RegisterAsync();
        var other = await SignInAsync(a);
        var b = await app.RegisterAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAccountAsync(ChatApp.Password)).StatusCode);

        using var anonymous = app.CreateClient();
        await HttpAssert.ProblemAsync(
            await anonymous.LoginAsync(a.Username, ChatApp.Password), HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        await HttpAssert.ProblemAsync(await a.GetMeAsync(), HttpStatusCode.Unauthorized, "auth.unauthorized");
        await HttpAssert.ProblemAsync(await other.GetMeAsync(), HttpStatusCode.Unauthorized, "auth.unauthorized");
        await HttpAssert.ProblemAsync(
            await b.Client.GetAsync($"/api/v1/users/{a.Id}"), HttpStatusCode.NotFound, "user.not_found");
        await HttpAssert.ProblemAsync(
            await b.Client.GetAsync($"/api/v1/users/{a.Id}/relationship"), HttpStatusCode.NotFound, "user.not_found");
        Assert.DoesNotContain((await b.SearchAsync(a.Username)).Items, u => u.Id == a.Id);
        // The username is free again: it now names nobody's messages (those show "Deleted account").
        Assert.Equal(HttpStatusCode.Created, (await anonymous.RegisterAsync(a.Username, ChatApp.Password)).StatusCode);
    }

    [Fact]
    public async Task DeletedAccountsMessagesStayForOthersFromDeletedAccount()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var c = await app.RegisterAsync();
        var direct = await a.OpenDirectAsync(b.Id);
        var group = await a.CreateGroupAsync("trio", b.Id, c.Id);
        var sent = await a.SendOkAsync(direct.Id, "before I go");
        await a.SendOkAsync(group.Id, "bye all");

        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAccountAsync(ChatApp.Password)).StatusCode);

        var messages = await b.MessagesAsync(direct.Id);
        Assert.Equal(sent.Id, Assert.Single(messages.Items).Id);
        Assert.Equal(a.Id, messages.Items[0].SenderId);
        var gone = Assert.Single((await b.ConversationAsync(direct.Id)).Participants, p => p.Id == a.Id);
        Assert.Equal(new ProfileBody(a.Id, "deleted", "Deleted account", null, null), gone);
        Assert.Contains((await c.ConversationAsync(group.Id)).Participants, p => p == gone);
        Assert.Equal("bye all", Assert.Single((await c.MessagesAsync(group.Id)).Items).Content);
        Assert.Contains((await b.ConversationsAsync()).Items, i => i.Id == direct.Id);
    }

    [Fact]
    public async Task DeletionRemovesBlocksBothWaysAndKeepsTheAuditTrail()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var c = await app.RegisterAsync();
        await b.BlockOkAsync(a.Id);
        await a.BlockOkAsync(c.Id);

        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAccountAsync(ChatApp.Password)).StatusCode);

        Assert.Empty((await b.BlocksAsync()).Items);
        Assert.False((await b.RelationshipAsync(c.Id)).BlockedByMe);
        var store = app.Services.GetRequiredService<IChatStore>();
        Assert.Equal(["block", "unblock"], (await store.GetAuditTrailAsync(b.Id)).Where(r => r.TargetId == a.Id).Select(r => r.Action));
        Assert.Equal(["block", "unblock"], (await store.GetAuditTrailAsync(a.Id)).Where(r => r.TargetId == c.Id).Select(r => r.Action));
        Assert.Empty(await store.GetBlocksByBlockerAsync(b.Id));
        // b's grain on this silo reloaded its block set (the blocks list above would hide a deleted user either way).
        Assert.False(await app.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(b.Id).IsBlockingAsync(a.Id));
    }

    [Fact]
    public async Task DeletionNeedsThePassword()
    {
        var a = await app.RegisterAsync();

        await HttpAssert.ProblemAsync(
            await a.DeleteAccountAsync("not the password"), HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        await HttpAssert.ProblemAsync(await a.DeleteAccountAsync(null), HttpStatusCode.BadRequest, "request.invalid");

        Assert.Equal(a.Id, (await a.MeAsync()).Id);
        await SignInAsync(a);
    }

    [Theory]
    [InlineData("/api/v1/auth/logout", "post", "204", "401")]
    [InlineData("/api/v1/auth/password", "post", "204", "400,401")]
    [InlineData("/api/v1/users/me", "delete", "204", "400,401")]
    public async Task OpenApiListsTheAccountRoutes(string path, string method, string success, string problems)
    {
        using var client = app.CreateClient();

        using var openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var responses = openApi.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");
        Assert.True(responses.TryGetProperty(success, out _), $"{method} {path} does not list {success}.");
        foreach (var status in problems.Split(','))
        {
            Assert.True(
                responses.TryGetProperty(status, out var response)
                && response.GetProperty("content").TryGetProperty("application/problem+json", out _),
                $"{method} {path} does not list a {status} problem.");
        }
    }

    private async Task<TestUser> SignInAsync(TestUser user, string password = ChatApp.Password)
    {
        var client = app.CreateClient();
        var body = await HttpAssert.OkAsync<AuthBody>(await client.LoginAsync(user.Username, password));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.AccessToken);
        return user with { Token = body.AccessToken, Client = client };
    }

    // A token as TokenService issued them before issue 11: no jti, no stamp.
    private string LegacyToken(TestUser user)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenService.Issuer,
            Audience = TokenService.Issuer,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            Subject = new ClaimsIdentity([new Claim(TokenService.SubjectClaim, user.Id.ToString()), new Claim("name", user.Username)]),
            SigningCredentials = new SigningCredentials(
                app.Services.GetRequiredService<SigningKeyStore>().Key, SecurityAlgorithms.HmacSha256),
        });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteTokenHandlingApiTests(SqliteChatApp app) : TokenHandlingApiTests(app);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresTokenHandlingApiTests(PostgresChatApp app) : TokenHandlingApiTests(app);
