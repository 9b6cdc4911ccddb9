using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Apps;

/// <summary>
/// Isolation between apps (SPEC section 8), route by route: two apps hold users with the same external ids, and nothing lets a
/// user of one find, name, block, message or learn about a user of the other (or of <c>default</c>): such an id answers exactly
/// as an unknown one, same status, code and body.
/// </summary>
public abstract class IsolationTests(ChatApp app)
{
    [Fact]
    public async Task ProfilesAndRelationshipsOfAnotherAppAnswerAsUnknown()
    {
        var (mine, theirs, registered) = await SameNamesAsync();
        var unknown = Guid.NewGuid();

        foreach (var id in new[] { theirs.Id, registered.Id })
        {
            await AssertSameAsUnknownAsync(mine.Bearer.Client.GetAsync($"/api/v1/users/{id}"),
                mine.Bearer.Client.GetAsync($"/api/v1/users/{unknown}"), "user.not_found");
            await AssertSameAsUnknownAsync(mine.Bearer.Client.GetAsync($"/api/v1/users/{id}/relationship"),
                mine.Bearer.Client.GetAsync($"/api/v1/users/{unknown}/relationship"), "user.not_found");
        }

        await AssertSameAsUnknownAsync(registered.Client.GetAsync($"/api/v1/users/{mine.Id}"),
            registered.Client.GetAsync($"/api/v1/users/{unknown}"), "user.not_found");
    }

    [Fact]
    public async Task SearchFindsOnlyUsersOfTheCallersApp()
    {
        var (mine, theirs, _) = await SameNamesAsync();

        var found = await mine.Bearer.SearchAsync(mine.ExternalId);
        Assert.Equal([mine.Id], found.Items.Select(u => u.Id));
        Assert.Equal([theirs.Id], (await theirs.Bearer.SearchAsync(mine.ExternalId)).Items.Select(u => u.Id));

        var profile = await HttpAssert.OkAsync<AppProfileBody>(await mine.Bearer.Client.GetAsync("/api/v1/users/me"));
        Assert.Equal((TestApps.Sample, mine.ExternalId, mine.ExternalId), (profile.AppId, profile.ExternalId, profile.Username));
    }

    [Fact]
    public async Task BlocksOfAnotherAppsUserAnswerAsUnknownAndChangeNothing()
    {
        var (mine, theirs, registered) = await SameNamesAsync();
        var unknown = Guid.NewGuid();

        foreach (var id in new[] { theirs.Id, registered.Id })
        {
            await AssertSameAsUnknownAsync(mine.Bearer.BlockAsync(id), mine.Bearer.BlockAsync(unknown), "user.not_found");
            await AssertSameAsUnknownAsync(mine.Bearer.UnblockAsync(id), mine.Bearer.UnblockAsync(unknown), "user.not_found");
            // Seed 002's dialect resolves ids through the same grains.
            var viaDialect = await mine.Bearer.Client.PostAsync($"/api/v1/users/block/{id}", null);
            Assert.Equal(HttpStatusCode.NotFound, viaDialect.StatusCode);
        }

        await AssertSameAsUnknownAsync(registered.BlockAsync(mine.Id), registered.BlockAsync(unknown), "user.not_found");
        Assert.Empty((await mine.Bearer.BlocksAsync()).Items);
        Assert.Empty((await registered.BlocksAsync()).Items);
    }

    [Fact]
    public async Task ConversationsWithAnotherAppsUserAnswerAsUnknown()
    {
        var (mine, theirs, registered) = await SameNamesAsync();
        var friend = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("friend"));
        var unknown = Guid.NewGuid();

        await AssertSameAsUnknownAsync(
            mine.Bearer.OpenDirectRawAsync(theirs.Id), mine.Bearer.OpenDirectRawAsync(unknown), "user.not_found");
        await AssertSameAsUnknownAsync(registered.OpenDirectRawAsync(mine.Id), registered.OpenDirectRawAsync(unknown), "user.not_found");
        const string groups = "/api/v1/conversations/group";
        await AssertSameAsUnknownAsync(
            mine.Bearer.Client.PostAsJsonAsync(groups, new { title = "x", memberIds = new[] { friend.Id, theirs.Id } }),
            mine.Bearer.Client.PostAsJsonAsync(groups, new { title = "x", memberIds = new[] { friend.Id, unknown } }),
            "user.not_found");

        var group = await mine.Bearer.CreateGroupAsync("ours", friend.Id);
        await AssertSameAsUnknownAsync(
            mine.Bearer.Client.PostAsJsonAsync($"/api/v1/conversations/{group.Id}/members", new { userIds = new[] { theirs.Id } }),
            mine.Bearer.Client.PostAsJsonAsync($"/api/v1/conversations/{group.Id}/members", new { userIds = new[] { unknown } }),
            "user.not_found");
        Assert.Empty((await theirs.Bearer.ConversationsAsync()).Items);
    }

    [Fact]
    public async Task MessagesOfAnotherAppAnswerAsUnknownConversations()
    {
        var (mine, theirs, _) = await SameNamesAsync();
        var friend = await app.CreateUserAsync(TestApps.Sample, TestApps.NewExternalId("friend"));
        var direct = await mine.Bearer.OpenDirectAsync(friend.Id);
        await friend.Bearer.SendOkAsync(direct.Id, "ours");
        var unknown = Guid.NewGuid();

        await AssertSameAsUnknownAsync(theirs.Bearer.Client.GetAsync($"/api/v1/conversations/{direct.Id}"),
            theirs.Bearer.Client.GetAsync($"/api/v1/conversations/{unknown}"), "conversation.not_found");
        await AssertSameAsUnknownAsync(theirs.Bearer.Client.GetAsync($"/api/v1/conversations/{direct.Id}/messages"),
            theirs.Bearer.Client.GetAsync($"/api/v1/conversations/{unknown}/messages"), "conversation.not_found");
        await AssertSameAsUnknownAsync(theirs.Bearer.SendAsync(direct.Id), theirs.Bearer.SendAsync(unknown), "conversation.not_found");
        Assert.Equal(["ours"], (await mine.Bearer.MessagesAsync(direct.Id)).Items.Select(m => m.Content));
    }

    [Fact]
    public async Task AnImBlockReachesOnlyTheSameExternalIdOfTheCallersApp()
    {
        var x = TestApps.NewExternalId("x");
        var y = TestApps.NewExternalId("y");
        var (sampleX, sampleY) = (await app.CreateUserAsync(TestApps.Sample, x), await app.CreateUserAsync(TestApps.Sample, y));
        var (otherX, otherY) = (await app.CreateUserAsync(TestApps.Other, x), await app.CreateUserAsync(TestApps.Other, y));

        Assert.Equal(HttpStatusCode.OK, (await sampleX.Im.PostAsync($"/blockStatus/my/{y}", null)).StatusCode);

        Assert.True((await sampleX.Bearer.RelationshipAsync(sampleY.Id)).BlockedByMe);
        Assert.False((await otherX.Bearer.RelationshipAsync(otherY.Id)).BlockedByMe);
        var theirs = await otherY.Bearer.OpenDirectAsync(otherX.Id);
        await otherY.Bearer.SendOkAsync(theirs.Id);
        var ours = await sampleY.Bearer.OpenDirectAsync(sampleX.Id);
        await HttpAssert.ProblemAsync(await sampleY.Bearer.SendAsync(ours.Id), HttpStatusCode.Forbidden, "message.blocked_by_recipient");
    }

    // Users with the same external id in both apps, and a register/login account.
    private async Task<(AppUser Mine, AppUser Theirs, TestUser Registered)> SameNamesAsync()
    {
        var externalId = TestApps.NewExternalId("same");
        return (await app.CreateUserAsync(TestApps.Sample, externalId), await app.CreateUserAsync(TestApps.Other, externalId),
            await app.RegisterAsync());
    }

    // The answer for another app's id is the answer for an unknown id: status, content type, and body (but its traceId).
    private static async Task AssertSameAsUnknownAsync(
        Task<HttpResponseMessage> foreign, Task<HttpResponseMessage> unknown, string code)
    {
        var (a, b) = (await foreign, await unknown);
        var expected = await HttpAssert.ProblemAsync(b, b.StatusCode, code);
        var actual = await HttpAssert.ProblemAsync(a, b.StatusCode, code);
        Assert.Equal(Without(expected, "traceId"), Without(actual, "traceId"));
    }

    private static string Without(JsonElement json, string member) =>
        JsonSerializer.Serialize(json.EnumerateObject().Where(p => p.Name != member).ToDictionary(p => p.Name, p => p.Value.ToString()));
}

[Collection(SqliteAppsCollection.Name)]
public sealed class SqliteIsolationTests(SqliteAppsChatApp app) : IsolationTests(app);

[Collection(PostgresAppsCollection.Name)]
public sealed class PostgresIsolationTests(PostgresAppsChatApp app) : IsolationTests(app);
