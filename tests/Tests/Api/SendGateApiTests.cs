using System.Net;
using System.Net.Http.Json;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Api;

/// <summary>The send gate under the default <c>Explicit</c> policy (SPEC section 5; seed 003's workflow and checklist).</summary>
public abstract class SendGateApiTests(ChatApp app)
{
    [Fact]
    public async Task BlockedUserCannotSendDirectMessage()
    {
        var (a, b, conversation) = await PairAsync();
        await a.BlockOkAsync(b.Id);

        var problem = await HttpAssert.ProblemAsync(
            await b.SendAsync(conversation.Id), HttpStatusCode.Forbidden, "message.blocked_by_recipient");

        Assert.Equal("You cannot send messages to this user as they have blocked you.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task BlockerCannotSendToTheUserTheyBlocked()
    {
        var (a, b, conversation) = await PairAsync();
        await a.BlockOkAsync(b.Id);

        var problem = await HttpAssert.ProblemAsync(
            await a.SendAsync(conversation.Id), HttpStatusCode.Forbidden, "message.recipient_blocked");

        Assert.Equal("You cannot send messages to a user you have blocked. Unblock them first.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task RefusedMessagesAreNotStored()
    {
        var (a, b, conversation) = await PairAsync();
        await a.SendOkAsync(conversation.Id, "before");
        await a.BlockOkAsync(b.Id);

        await b.SendAsync(conversation.Id, "refused from b");
        await a.SendAsync(conversation.Id, "refused from a");

        var seenByA = await a.MessagesAsync(conversation.Id);
        var seenByB = await b.MessagesAsync(conversation.Id);
        Assert.Equal(["before"], seenByA.Items.Select(m => m.Content));
        Assert.Equal(["before"], seenByB.Items.Select(m => m.Content));
    }

    [Fact]
    public async Task AfterUnblockBothUsersCanSendAtOnce()
    {
        var (a, b, conversation) = await PairAsync();
        await a.BlockOkAsync(b.Id);
        await a.UnblockOkAsync(b.Id);

        var fromB = await b.SendOkAsync(conversation.Id, "hi a");
        var fromA = await a.SendOkAsync(conversation.Id, "hi b");

        Assert.Equal(b.Id, fromB.SenderId);
        Assert.Equal(a.Id, fromA.SenderId);
        Assert.Equal(["hi b", "hi a"], (await b.MessagesAsync(conversation.Id)).Items.Select(m => m.Content));
    }

    [Fact]
    public async Task MutualBlocksNeedBothUnblocks()
    {
        var (a, b, conversation) = await PairAsync();
        await a.BlockOkAsync(b.Id);
        await b.BlockOkAsync(a.Id);
        await a.UnblockOkAsync(b.Id);

        // B still blocks A: A is refused as "blocked by recipient", B as "you blocked them".
        await HttpAssert.ProblemAsync(await a.SendAsync(conversation.Id), HttpStatusCode.Forbidden, "message.blocked_by_recipient");
        await HttpAssert.ProblemAsync(await b.SendAsync(conversation.Id), HttpStatusCode.Forbidden, "message.recipient_blocked");

        await b.UnblockOkAsync(a.Id);
        await a.SendOkAsync(conversation.Id);
        await b.SendOkAsync(conversation.Id);
    }

    [Fact]
    public async Task GroupConversationsAreNeverAffectedByBlocks()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var group = await a.CreateGroupAsync("team", b.Id);
        await a.BlockOkAsync(b.Id);

        await b.SendOkAsync(group.Id, "from b");
        await a.SendOkAsync(group.Id, "from a");

        Assert.Equal(["from a", "from b"], (await b.MessagesAsync(group.Id)).Items.Select(m => m.Content));
    }

    [Fact]
    public async Task ADirectConversationCanBeOpenedWhateverTheBlocks()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        await a.BlockOkAsync(b.Id);

        var response = await b.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = a.Id });

        // The block created it, but b never opened it: new to b, so the answer does not tell b about the block (issue 11, item 12).
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var conversation = (await response.Content.ReadFromJsonAsync<ConversationBody>())!;
        Assert.False(conversation.BlockedByMe);
        Assert.True((await a.OpenDirectAsync(b.Id)).BlockedByMe);
    }

    [Fact]
    public async Task TheBlockerSeesBlockedByMeInTheConversationList()
    {
        var (a, b, conversation) = await PairAsync();
        await a.BlockOkAsync(b.Id);

        var list = await a.ConversationsAsync();

        Assert.True(Assert.Single(list.Items, c => c.Id == conversation.Id).BlockedByMe);
    }

    private async Task<(TestUser A, TestUser B, ConversationBody Conversation)> PairAsync()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        return (a, b, await a.OpenDirectAsync(b.Id));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSendGateApiTests(SqliteChatApp app) : SendGateApiTests(app);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresSendGateApiTests(PostgresChatApp app) : SendGateApiTests(app);
