using System.Net;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Api;

/// <summary>Block, unblock, list, unblock all and relationship (SPEC sections 4 and 6; seed 003's checklist).</summary>
public abstract class BlockingApiTests(ChatApp app)
{
    [Fact]
    public async Task BlockUserSucceedsAndReturnsTheDirectConversation()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();

        var block = await a.BlockOkAsync(b.Id);

        Assert.Equal(a.Id, block.Blocker.Id);
        Assert.Equal(b.Id, block.Blockee.Id);
        var conversation = await a.ConversationAsync(block.ConversationId);
        Assert.Equal("direct", conversation.Kind);
        Assert.True(conversation.BlockedByMe);
        Assert.Equal(block.ConversationId, (await a.OpenDirectAsync(b.Id)).Id);
    }

    [Fact]
    public async Task CannotBlockTheSameUserTwice()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        await a.BlockOkAsync(b.Id);

        await HttpAssert.ProblemAsync(await a.BlockAsync(b.Id), HttpStatusCode.Conflict, "user.block.already_blocked");
    }

    [Fact]
    public async Task CannotBlockYourself()
    {
        var a = await app.RegisterAsync();

        await HttpAssert.ProblemAsync(await a.BlockAsync(a.Id), HttpStatusCode.BadRequest, "user.block.self");
        Assert.Empty((await a.BlocksAsync()).Items);
    }

    [Fact]
    public async Task BlockingAnUnknownUserIsNotFound()
    {
        var a = await app.RegisterAsync();

        await HttpAssert.ProblemAsync(await a.BlockAsync(Guid.NewGuid()), HttpStatusCode.NotFound, "user.not_found");
        await HttpAssert.ProblemAsync(await a.UnblockAsync(Guid.NewGuid()), HttpStatusCode.NotFound, "user.not_found");
    }

    [Fact]
    public async Task CannotUnblockAUserYouDoNotBlock()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();

        await HttpAssert.ProblemAsync(await a.UnblockAsync(b.Id), HttpStatusCode.NotFound, "user.block.not_blocked");
    }

    [Fact]
    public async Task OnlyTheBlockerCanUnblock()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);
        await a.BlockOkAsync(b.Id);

        await HttpAssert.ProblemAsync(await b.UnblockAsync(a.Id), HttpStatusCode.NotFound, "user.block.not_blocked");
        await HttpAssert.ProblemAsync(
            await b.UnblockInConversationAsync(conversation.Id),
            HttpStatusCode.NotFound, "user.block.not_blocked");

        // Still blocked: B's unblock attempts changed nothing.
        await HttpAssert.ProblemAsync(await b.SendAsync(conversation.Id), HttpStatusCode.Forbidden, "message.blocked_by_recipient");
    }

    [Fact]
    public async Task UnblockReturnsBothUsersAndTheTime()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var block = await a.BlockOkAsync(b.Id);

        var unblock = await a.UnblockOkAsync(b.Id);

        Assert.Equal(a.Id, unblock.Blocker.Id);
        Assert.Equal(b.Id, unblock.Blockee.Id);
        Assert.True(unblock.UnblockedAt >= block.CreatedAt);
        await HttpAssert.ProblemAsync(await a.UnblockAsync(b.Id), HttpStatusCode.NotFound, "user.block.not_blocked");
    }

    [Fact]
    public async Task BlockListIsNewestFirstAndPagesWithACursor()
    {
        var a = await app.RegisterAsync();
        var others = new List<TestUser>();
        for (var i = 0; i < 5; i++)
        {
            var other = await app.RegisterAsync();
            others.Add(other);
            await a.BlockOkAsync(other.Id);
        }

        var first = await a.BlocksAsync("?limit=2");
        var second = await a.BlocksAsync($"?limit=2&cursor={first.NextCursor}");
        var third = await a.BlocksAsync($"?limit=2&cursor={second.NextCursor}");

        var listed = first.Items.Concat(second.Items).Concat(third.Items).Select(i => i.User.Id).ToList();
        Assert.Equal(others.Select(o => o.Id).Reverse(), listed);
        Assert.Null(third.NextCursor);
        Assert.All(
            first.Items.Concat(second.Items).Zip(second.Items.Concat(third.Items)),
            p => Assert.True(p.First.CreatedAt >= p.Second.CreatedAt));
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=101")]
    [InlineData("?limit=abc")]
    [InlineData("?cursor=not-a-cursor")]
    public async Task BlockListRejectsBadPaging(string query)
    {
        var a = await app.RegisterAsync();

        await HttpAssert.ProblemAsync(
            await a.Client.GetAsync($"/api/v1/users/me/blocks{query}"), HttpStatusCode.BadRequest, "request.invalid");
    }

    [Fact]
    public async Task UnblockAllRemovesEveryBlockAndRestoresSending()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var c = await app.RegisterAsync();
        var withB = await a.OpenDirectAsync(b.Id);
        await a.BlockOkAsync(b.Id);
        await a.BlockOkAsync(c.Id);

        var result = await a.UnblockAllOkAsync();

        Assert.Equal(2, result.Unblocked);
        Assert.Empty((await a.BlocksAsync()).Items);
        await b.SendOkAsync(withB.Id);
        await a.SendOkAsync(withB.Id);
        Assert.Equal(0, (await a.UnblockAllOkAsync()).Unblocked);
    }

    [Fact]
    public async Task RelationshipShowsBothDirectionsUnderTheExplicitPolicy()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        await a.BlockOkAsync(b.Id);

        var fromA = await a.RelationshipAsync(b.Id);
        var fromB = await b.RelationshipAsync(a.Id);

        Assert.Equal(new RelationshipBody(b.Id, true, false, false), fromA);
        Assert.Equal(new RelationshipBody(a.Id, false, true, false), fromB);
        await HttpAssert.ProblemAsync(
            await a.Client.GetAsync($"/api/v1/users/{Guid.NewGuid()}/relationship"), HttpStatusCode.NotFound, "user.not_found");
    }

    [Fact]
    public async Task ABlockerHidesAvatarAndLastSeenFromTheBlockedUserOnly()
    {
        var a = await app.RegisterAsync(avatarUrl: "https://example.org/a.png");
        var b = await app.RegisterAsync();
        var c = await app.RegisterAsync();
        await a.BlockOkAsync(b.Id);

        var seenByB = await b.ProfileAsync(a.Id);
        var seenByC = await c.ProfileAsync(a.Id);
        var searchedByB = await b.SearchAsync(a.Username);

        Assert.Null(seenByB.AvatarUrl);
        Assert.Null(seenByB.LastSeenAt);
        Assert.Equal("https://example.org/a.png", seenByC.AvatarUrl);
        Assert.NotNull(seenByC.LastSeenAt);
        Assert.Null(Assert.Single(searchedByB.Items).AvatarUrl);
    }

    [Fact]
    public async Task BlockViaConversationBlocksTheOtherParticipant()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);

        var block = await HttpAssert.OkAsync<BlockBody>(
            await a.BlockInConversationAsync(conversation.Id), HttpStatusCode.Created);
        Assert.Equal(b.Id, block.Blockee.Id);
        Assert.Equal(conversation.Id, block.ConversationId);
        await HttpAssert.ProblemAsync(
            await a.BlockInConversationAsync(conversation.Id),
            HttpStatusCode.Conflict, "user.block.already_blocked");

        var unblock = await HttpAssert.OkAsync<UnblockBody>(
            await a.UnblockInConversationAsync(conversation.Id));
        Assert.Equal(b.Id, unblock.Blockee.Id);
        await HttpAssert.ProblemAsync(
            await a.UnblockInConversationAsync(conversation.Id),
            HttpStatusCode.NotFound, "user.block.not_blocked");
    }

    [Fact]
    public async Task OnlyParticipantsCanBlockThroughAConversation()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var outsider = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);

        await HttpAssert.ProblemAsync(
            await outsider.BlockInConversationAsync(conversation.Id),
            HttpStatusCode.NotFound, "conversation.not_found");
        await HttpAssert.ProblemAsync(
            await outsider.UnblockInConversationAsync(conversation.Id),
            HttpStatusCode.NotFound, "conversation.not_found");
        Assert.Empty((await outsider.BlocksAsync()).Items);
    }

    [Fact]
    public async Task BlockingInAGroupConversationIsRefused()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var group = await a.CreateGroupAsync("team", b.Id);

        await HttpAssert.ProblemAsync(
            await a.BlockInConversationAsync(group.Id),
            HttpStatusCode.BadRequest, "conversation.not_direct");
        await HttpAssert.ProblemAsync(
            await a.UnblockInConversationAsync(group.Id),
            HttpStatusCode.BadRequest, "conversation.not_direct");
    }

    [Fact]
    public async Task TheBlockedUserSeesNoChangeInTheirOwnLists()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await b.OpenDirectAsync(a.Id);
        await a.BlockOkAsync(b.Id);

        var bBlocks = await b.BlocksAsync();
        var bConversation = await b.ConversationAsync(conversation.Id);

        Assert.Empty(bBlocks.Items);
        Assert.False(bConversation.BlockedByMe);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteBlockingApiTests(SqliteChatApp app) : BlockingApiTests(app);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresBlockingApiTests(PostgresChatApp app) : BlockingApiTests(app);
