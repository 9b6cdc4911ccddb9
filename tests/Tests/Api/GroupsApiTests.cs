using System.Net;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Api;

/// <summary>
/// Groups and blocks (SPEC section 10) under the defaults (<c>Blocking:GroupAdds=Deny</c>, <c>Explicit</c>): no group with someone
/// who blocks you, adding members, leaving, and <c>senderBlockedByMe</c>.
/// </summary>
public abstract class GroupsApiTests(ChatApp app)
{
    [Fact]
    public async Task ABlockedUserCannotReachTheBlockerThroughANewGroupButTheBlockerMayMakeOne()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var c = await app.RegisterAsync();
        await b.BlockOkAsync(a.Id);

        var problem = await HttpAssert.ProblemAsync(
            await a.TryCreateGroupAsync("sneaky", b.Id), HttpStatusCode.Forbidden, "group.member_blocked");
        await HttpAssert.ProblemAsync(await a.TryCreateGroupAsync("sneaky", c.Id, b.Id), HttpStatusCode.Forbidden, "group.member_blocked");

        Assert.Equal("You cannot add a user who has blocked you to a group.", problem.GetProperty("title").GetString());
        Assert.DoesNotContain((await a.ConversationsAsync()).Items, conversation => conversation.Kind == "group");
        Assert.DoesNotContain((await b.ConversationsAsync()).Items, conversation => conversation.Kind == "group");
        Assert.Empty((await c.ConversationsAsync()).Items);

        // A group with someone you block yourself is your own choice.
        var group = await b.CreateGroupAsync("mine", a.Id);
        Assert.Equal(new[] { b.Id, a.Id }, group.Participants.Select(p => p.Id));
    }

    [Fact]
    public async Task AnyMemberAddsMembersButNotSomeoneWhoBlocksThem()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var c = await app.RegisterAsync();
        var d = await app.RegisterAsync();
        var group = await a.CreateGroupAsync("team", b.Id);
        await c.BlockOkAsync(b.Id);

        await HttpAssert.ProblemAsync(await b.AddMembersAsync(group.Id, c.Id), HttpStatusCode.Forbidden, "group.member_blocked");
        await HttpAssert.ProblemAsync(await b.AddMembersAsync(group.Id, d.Id, c.Id), HttpStatusCode.Forbidden, "group.member_blocked");
        Assert.Equal(new[] { a.Id, b.Id }, (await a.ConversationAsync(group.Id)).Participants.Select(p => p.Id));

        // c blocks b, not a: a may add c. b may add d; adding a member twice changes nothing.
        var withC = await a.AddMembersOkAsync(group.Id, c.Id);
        var withD = await b.AddMembersOkAsync(group.Id, d.Id, a.Id, d.Id);

        Assert.Equal(new[] { a.Id, b.Id, c.Id }, withC.Participants.Select(p => p.Id));
        Assert.Equal(new[] { a.Id, b.Id, c.Id, d.Id }, withD.Participants.Select(p => p.Id));
        await d.SendOkAsync(group.Id, "hi all");
        Assert.Contains((await d.ConversationsAsync()).Items, conversation => conversation.Id == group.Id);
        Assert.Equal("hi all", (await c.MessagesAsync(group.Id)).Items[0].Content);
    }

    [Fact]
    public async Task AddingMembersAnswersNotFoundNotAGroupAndBadInput()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var outsider = await app.RegisterAsync();
        var group = await a.CreateGroupAsync("team", b.Id);
        var direct = await a.OpenDirectAsync(b.Id);

        await HttpAssert.ProblemAsync(
            await outsider.AddMembersAsync(group.Id, outsider.Id), HttpStatusCode.NotFound, "conversation.not_found");
        await HttpAssert.ProblemAsync(
            await a.AddMembersAsync(Guid.NewGuid(), outsider.Id), HttpStatusCode.NotFound, "conversation.not_found");
        await HttpAssert.ProblemAsync(await a.AddMembersAsync(direct.Id, outsider.Id), HttpStatusCode.BadRequest, "conversation.not_group");
        await HttpAssert.ProblemAsync(await a.AddMembersAsync(group.Id, Guid.NewGuid()), HttpStatusCode.NotFound, "user.not_found");
        await HttpAssert.ProblemAsync(await a.AddMembersAsync(group.Id), HttpStatusCode.BadRequest, "request.invalid");
        await HttpAssert.ProblemAsync(await a.LeaveAsync(direct.Id), HttpStatusCode.BadRequest, "conversation.not_group");
        Assert.Equal(2, (await a.ConversationAsync(group.Id)).Participants.Count);
    }

    [Fact]
    public async Task ALeaverLosesTheGroupAndTheLastMemberKeepsIt()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var c = await app.RegisterAsync();
        var group = await a.CreateGroupAsync("trio", b.Id, c.Id);
        await c.SendOkAsync(group.Id, "bye soon");

        await c.LeaveOkAsync(group.Id);

        await HttpAssert.ProblemAsync(await c.Client.GetAsync($"/api/v1/conversations/{group.Id}"), HttpStatusCode.NotFound,
            "conversation.not_found");
        await HttpAssert.ProblemAsync(await c.Client.GetAsync($"/api/v1/conversations/{group.Id}/messages"), HttpStatusCode.NotFound,
            "conversation.not_found");
        await HttpAssert.ProblemAsync(await c.SendAsync(group.Id), HttpStatusCode.NotFound, "conversation.not_found");
        await HttpAssert.ProblemAsync(await c.LeaveAsync(group.Id), HttpStatusCode.NotFound, "conversation.not_found");
        await HttpAssert.ProblemAsync(await c.AddMembersAsync(group.Id, c.Id), HttpStatusCode.NotFound, "conversation.not_found");
        Assert.DoesNotContain((await c.ConversationsAsync()).Items, conversation => conversation.Id == group.Id);
        Assert.Equal(new[] { a.Id, b.Id }, (await a.ConversationAsync(group.Id)).Participants.Select(p => p.Id));

        await b.LeaveOkAsync(group.Id);
        await a.SendOkAsync(group.Id, "just me");

        Assert.Equal(["just me", "bye soon"], (await a.MessagesAsync(group.Id)).Items.Select(m => m.Content));
        Assert.Equal(new[] { a.Id }, (await a.ConversationAsync(group.Id)).Participants.Select(p => p.Id));
    }

    [Fact]
    public async Task GroupMessagesSayWhetherTheViewerBlocksTheirSender()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var c = await app.RegisterAsync();
        var group = await a.CreateGroupAsync("trio", b.Id, c.Id);
        var fromB = await b.SendOkAsync(group.Id, "from b");
        var fromC = await c.SendOkAsync(group.Id, "from c");
        var direct = await a.OpenDirectAsync(b.Id);
        await b.SendOkAsync(direct.Id, "direct from b");

        await a.BlockOkAsync(b.Id);
        var fromA = await a.SendOkAsync(group.Id, "from a");

        Assert.Equal(
            [new(fromA.Id, a.Id, "from a", false), new(fromC.Id, c.Id, "from c", false), new(fromB.Id, b.Id, "from b", true)],
            await a.FlaggedMessagesAsync(group.Id));
        Assert.All(await b.FlaggedMessagesAsync(group.Id), m => Assert.False(m.SenderBlockedByMe));
        Assert.All(await c.FlaggedMessagesAsync(group.Id), m => Assert.False(m.SenderBlockedByMe));
        Assert.Equal(false, Assert.Single(await a.FlaggedMessagesAsync(direct.Id)).SenderBlockedByMe);

        await a.UnblockOkAsync(b.Id);
        Assert.All(await a.FlaggedMessagesAsync(group.Id), m => Assert.False(m.SenderBlockedByMe));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteGroupsApiTests(SqliteChatApp app) : GroupsApiTests(app);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresGroupsApiTests(PostgresChatApp app) : GroupsApiTests(app);
