using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Apps;

/// <summary>
/// The server API (SPEC section 8): an app's backend puts users by external id and mints client tokens with its server key; a
/// client token works on the section 4 routes within its app; every bad input is a clear problem and changes nothing.
/// </summary>
public abstract class ServerApiTests(ChatApp app)
{
    [Fact]
    public async Task PutCreatesThenUpdatesTheUserAndAnswersItsProfile()
    {
        var server = app.ServerClient(TestApps.Sample);
        var externalId = TestApps.NewExternalId("Cathy.C@x:1");

        var created = await HttpAssert.OkAsync<AppProfileBody>(
            await server.PutUserAsync(TestApps.Sample, externalId, "Cathy", "https://example.com/c.png"), HttpStatusCode.Created);
        Assert.Equal(
            (TestApps.Sample, externalId, externalId, "Cathy", "https://example.com/c.png"),
            (created.AppId, created.ExternalId, created.Username, created.DisplayName, created.AvatarUrl));

        var updated = await HttpAssert.OkAsync<AppProfileBody>(await server.PutUserAsync(TestApps.Sample, externalId, "Cat"));
        Assert.Equal((created.Id, "Cat", (string?)null), (updated.Id, updated.DisplayName, updated.AvatarUrl));

        var viewer = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("viewer"));
        Assert.Equal("Cat", (await viewer.Bearer.ProfileAsync(created.Id)).DisplayName);
    }

    [Fact]
    public async Task AClientTokenWorksOnTheSectionFourRoutesAsItsUser()
    {
        var user = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("aaa"), "Alice");
        var token = await HttpAssert.OkAsync<AppTokenBody>(
            await app.ServerClient(TestApps.Sample).IssueTokenAsync(TestApps.Sample, user.ExternalId), HttpStatusCode.Created);
        Assert.True(token.ExpiresAt > DateTimeOffset.UtcNow);

        var me = await HttpAssert.OkAsync<AppProfileBody>(await user.Bearer.GetMeAsync());
        Assert.Equal((user.Id, TestApps.Sample, user.ExternalId, "Alice"), (me.Id, me.AppId, me.ExternalId, me.DisplayName));
        var friend = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("bbb"));
        var conversation = await user.Bearer.OpenDirectAsync(friend.Id);
        await friend.Bearer.SendOkAsync(conversation.Id);
        await user.Bearer.BlockOkAsync(friend.Id);
        await HttpAssert.ProblemAsync(
            await friend.Bearer.SendAsync(conversation.Id), HttpStatusCode.Forbidden, "message.blocked_by_recipient");

        // An app user has no password: nobody signs in as it with register/login.
        await HttpAssert.ProblemAsync(
            await app.CreateClient().LoginAsync(user.ExternalId.ToLowerInvariant(), "whatever-password"),
            HttpStatusCode.Unauthorized, "auth.invalid_credentials");
    }

    [Fact]
    public async Task ATokenForAUserNeverPutIsUserNotFound()
    {
        var server = app.ServerClient(TestApps.Sample);
        var elsewhere = await app.CreateUserAsync(TestApps.Other, TestApps.NewExternalId("ooo"));

        await HttpAssert.ProblemAsync(
            await server.IssueTokenAsync(TestApps.Sample, TestApps.NewExternalId("never")), HttpStatusCode.NotFound, "user.not_found");
        await HttpAssert.ProblemAsync(
            await server.IssueTokenAsync(TestApps.Sample, elsewhere.ExternalId), HttpStatusCode.NotFound, "user.not_found");
    }

    [Fact]
    public async Task AWrongMissingOrForeignKeyIsUnauthorizedAndChangesNothing()
    {
        var externalId = TestApps.NewExternalId("aaa");
        var user = await app.CreateUserAsync(TestApps.Sample, externalId, "Alice");
        HttpClient[] refused =
        [
            app.CreateClient(),
            app.ServerClient(TestApps.Sample, "wrong-key-0123456789abcdefghijklmnopqrstuvwxyz"),
            app.ServerClient(TestApps.Sample, TestApps.ServerKey(TestApps.Other)),
            app.ServerClient(TestApps.Sample, TestApps.ClientKey(TestApps.Sample)),
            app.ServerClient(TestApps.Sample, user.Token),
        ];
        foreach (var client in refused)
        {
            await HttpAssert.ProblemAsync(
                await client.PutUserAsync(TestApps.Sample, externalId, "Mallory"), HttpStatusCode.Unauthorized, "auth.unauthorized");
            await HttpAssert.ProblemAsync(
                await client.IssueTokenAsync(TestApps.Sample, externalId), HttpStatusCode.Unauthorized, "auth.unauthorized");
        }

        Assert.Equal("Alice", (await user.Bearer.MeAsync()).DisplayName);

        // And the other way: a server key is not a bearer token of the section 4 routes.
        var serverAsUser = app.CreateClient();
        serverAsUser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestApps.ServerKey(TestApps.Sample));
        await HttpAssert.ProblemAsync(await serverAsUser.GetAsync("/api/v1/users/me"), HttpStatusCode.Unauthorized, "auth.unauthorized");
    }

    [Fact]
    public async Task AnUnknownAppIsAppNotFound()
    {
        foreach (var appId in new[] { "NoSuchApp", "default", "bad%20app" })
        {
            await HttpAssert.ProblemAsync(
                await app.ServerClient(TestApps.Sample).PutUserAsync(appId, "aaa", "Alice"), HttpStatusCode.NotFound, "app.not_found");
        }
    }

    [Theory]
    [InlineData("bad id", "Nick", null)]
    [InlineData("", "Nick", null)]
    [InlineData("ok", "", null)]
    [InlineData("ok", "   ", null)]
    [InlineData("ok", null, null)]
    [InlineData("ok", "Nick", "ftp://example.com/a.png")]
    [InlineData("ok", "Nick", "not a url")]
    public async Task BadInputIsRequestInvalidAndChangesNothing(string externalIdShape, string? nickname, string? avatarUrl)
    {
        var externalId = externalIdShape == "ok" ? TestApps.NewExternalId("ok") : externalIdShape;
        var server = app.ServerClient(TestApps.Sample);

        var response = await server.PutUserAsync(TestApps.Sample, externalId, nickname, avatarUrl);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed,
            await response.Content.ReadAsStringAsync());
        if (externalId.Length > 0)
        {
            await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "request.invalid");
            await HttpAssert.ProblemAsync(await server.IssueTokenAsync(TestApps.Sample, externalId),
                externalIdShape == "ok" ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest,
                externalIdShape == "ok" ? "user.not_found" : "request.invalid");
        }
    }

    [Fact]
    public async Task AHugeNicknameOrExternalIdIsRefusedAndTheUserKeepsItsName()
    {
        var user = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("aaa"), "Alice");
        var server = app.ServerClient(TestApps.Sample);

        await HttpAssert.ProblemAsync(
            await server.PutUserAsync(TestApps.Sample, user.ExternalId, new string('n', 65)), HttpStatusCode.BadRequest, "request.invalid");
        await HttpAssert.ProblemAsync(
            await server.PutUserAsync(TestApps.Sample, user.ExternalId, new string('n', 100_000)),
            HttpStatusCode.BadRequest,
            "request.invalid");
        await HttpAssert.ProblemAsync(
            await server.PutUserAsync(TestApps.Sample, new string('x', 129), "Nick"), HttpStatusCode.BadRequest, "request.invalid");
        Assert.Equal("Alice", (await user.Bearer.MeAsync()).DisplayName);

        var ok = await server.PutUserAsync(TestApps.Sample, new string('x', 114) + TestApps.NewExternalId("y"), new string('n', 64));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
    }

    [Fact]
    public async Task OpenApiListsTheServerApiAndTheImApiUnderTheirOwnTags()
    {
        using var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        string Tag(string path, string method) =>
            paths.GetProperty(path).GetProperty(method).GetProperty("tags")[0].GetString()!;
        Assert.Equal("Server API", Tag("/api/v1/apps/{appId}/users/{externalId}", "put"));
        Assert.Equal("Server API", Tag("/api/v1/apps/{appId}/users/{externalId}/tokens", "post"));
        Assert.Equal("IM API", Tag("/blockStatus/my/{blockee}", "post"));
        Assert.Equal("IM API", Tag("/blockStatus/my/{blockee}", "delete"));
        Assert.Equal("IM API", Tag("/blockStatus/my/{blockee}", "get"));
        Assert.Equal("IM API", Tag("/blockStatus/my", "get"));
    }

    [Fact]
    public async Task AForgedClientTokenIsUnauthorizedEverywhere()
    {
        // A token of the same user, app and id, signed by another deployment's key.
        var user = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("aaa"));
        using var other = new ChatApp("Sqlite", TestApps.Settings());
        var foreign = await other.CreateUserAsync(TestApps.Sample, user.ExternalId);
        var forged = app.SignIn(foreign with { Id = user.Id });

        await HttpAssert.ProblemAsync(await forged.Bearer.GetMeAsync(), HttpStatusCode.Unauthorized, "auth.unauthorized");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.Im.GetAsync("/blockStatus/my")).StatusCode);
    }
}

[Collection(SqliteAppsCollection.Name)]
public sealed class SqliteServerApiTests(SqliteAppsChatApp app) : ServerApiTests(app);

[Collection(PostgresAppsCollection.Name)]
public sealed class PostgresServerApiTests(PostgresAppsChatApp app) : ServerApiTests(app);
