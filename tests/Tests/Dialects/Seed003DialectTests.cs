using System.Net;
using System.Net.Http.Json;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Dialects;

/// <summary>
/// Seed 003 (block and unblock inside a chat), its usage workflow and error table replayed against the real gateway, body
/// and wording compared member by member (SPEC section 9).
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class Seed003DialectTests(SqliteChatApp app)
{
    private static string Failure(string message) => $$"""{"success": false, "message": "{{message}}"}""";

    private static string Sent(Guid chatId, Guid senderId, string content) => $$"""
        {"success": true, "message": "Message sent successfully", "data": {"id": "<uuid>", "conversationId": "{{chatId}}",
         "senderId": "{{senderId}}", "content": "{{content}}", "messageType": "text", "createdAt": "<date>"} }
        """;

    [Fact]
    public async Task UsageWorkflowAnswersWordForWord()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var chat = (await a.OpenDirectAsync(b.Id)).Id;

        // Step 1: User A blocks User B in a chat.
        await DialectAssert.AnswerAsync(await a.ChatBlockAsync(chat), HttpStatusCode.OK, $$"""
            {"success": true, "message": "User blocked successfully",
             "data": {"chatId": "{{chat}}", "blockedUser": "{{b.Id}}", "blockedAt": "<jsdate>"} }
            """);
        // Step 2: User B attempts to send a message (fails).
        await DialectAssert.AnswerAsync(await b.ChatSendAsync(chat, "Hello?"), HttpStatusCode.Forbidden,
            Failure("You cannot send messages to this user as they have blocked you"));
        // Step 2b: User A also cannot send messages.
        await DialectAssert.AnswerAsync(await a.ChatSendAsync(chat, "Are you there?"), HttpStatusCode.Forbidden,
            Failure("You cannot send messages to a user you have blocked. Unblock them first."));
        // Step 3: User A unblocks User B.
        await DialectAssert.AnswerAsync(await a.ChatUnblockAsync(chat), HttpStatusCode.OK, $$"""
            {"success": true, "message": "User unblocked successfully",
             "data": {"chatId": "{{chat}}", "unblockedUser": "{{b.Id}}", "unblockedAt": "<jsdate>"} }
            """);
        // Step 4: both users can now send messages.
        await DialectAssert.AnswerAsync(
            await a.ChatSendAsync(chat, "Hi, I've unblocked you"), HttpStatusCode.Created, Sent(chat, a.Id, "Hi, I've unblocked you"));
        await DialectAssert.AnswerAsync(await b.ChatSendAsync(chat, "Great, thanks for unblocking!"), HttpStatusCode.Created,
            Sent(chat, b.Id, "Great, thanks for unblocking!"));

        Assert.Equal(["Great, thanks for unblocking!", "Hi, I've unblocked you"],
            (await a.MessagesAsync(chat)).Items.Select(m => m.Content));
    }

    [Fact]
    public async Task ErrorTableAnswersWordForWord()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var outsider = await app.RegisterAsync();
        var chat = (await a.OpenDirectAsync(b.Id)).Id;

        await DialectAssert.AnswerAsync(await a.ChatBlockAsync(Guid.NewGuid()), HttpStatusCode.NotFound, Failure("Chat not found"));
        await DialectAssert.AnswerAsync(await a.ChatUnblockAsync(Guid.NewGuid()), HttpStatusCode.NotFound, Failure("Chat not found"));
        await DialectAssert.AnswerAsync(await outsider.ChatBlockAsync(chat), HttpStatusCode.Forbidden,
            Failure("Not authorized to block in this chat"));
        await DialectAssert.AnswerAsync(await outsider.ChatUnblockAsync(chat), HttpStatusCode.Forbidden,
            Failure("Not authorized to unblock in this chat"));
        await DialectAssert.AnswerAsync(await a.ChatUnblockAsync(chat), HttpStatusCode.BadRequest, Failure("User is not blocked"));

        await a.ChatBlockAsync(chat);
        await DialectAssert.AnswerAsync(await a.ChatBlockAsync(chat), HttpStatusCode.BadRequest, Failure("User is already blocked"));
        // Only the blocker can unblock: for B there is no block of theirs to lift.
        await DialectAssert.AnswerAsync(await b.ChatUnblockAsync(chat), HttpStatusCode.BadRequest, Failure("User is not blocked"));
        Assert.True((await HttpAssert.OkAsync<RelationshipBody>(await a.Client.GetAsync($"/api/v1/users/{b.Id}/relationship")))
            .BlockedByMe);
    }

    [Fact]
    public async Task BidirectionalBlocksRefuseBothWithTheBlockersText()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var chat = (await a.OpenDirectAsync(b.Id)).Id;
        await a.ChatBlockAsync(chat);
        await b.ChatBlockAsync(chat);

        var blockerText = Failure("You cannot send messages to a user you have blocked. Unblock them first.");
        await DialectAssert.AnswerAsync(await a.ChatSendAsync(chat, "a"), HttpStatusCode.Forbidden, blockerText);
        await DialectAssert.AnswerAsync(await b.ChatSendAsync(chat, "b"), HttpStatusCode.Forbidden, blockerText);
        Assert.Empty((await a.MessagesAsync(chat)).Items);
    }

    [Fact]
    public async Task PipelineErrorsUseTheSeedEnvelope()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var chat = (await a.OpenDirectAsync(b.Id)).Id;

        // The seed's own example id is a MongoDB ObjectId, not a UUID.
        await DialectAssert.AnswerAsync(await a.Client.PostAsync("/api/chats/507f1f77bcf86cd799439011/block", null),
            HttpStatusCode.BadRequest, Failure("Invalid chat id"));
        await DialectAssert.AnswerAsync(await app.CreateClient().PostAsync($"/api/chats/{chat}/block", null),
            HttpStatusCode.Unauthorized, Failure("Not authorized"));
        await DialectAssert.AnswerAsync(await a.Client.PostAsJsonAsync($"/api/chats/{chat}/messages", new { content = " " }),
            HttpStatusCode.BadRequest, Failure("Message content must not be empty."));
        await DialectAssert.AnswerAsync(
            await a.Client.PostAsync($"/api/chats/{chat}/messages", new StringContent("{", null, "application/json")),
            HttpStatusCode.BadRequest, Failure("Invalid request body"));
    }

    [Fact]
    public async Task GroupChatsAreNotBlockedFrom()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var c = await app.RegisterAsync();
        var created = await a.Client.PostAsJsonAsync(
            "/api/v1/conversations/group", new { title = "trio", memberIds = new[] { b.Id, c.Id } });
        var group = (await HttpAssert.OkAsync<ConversationBody>(created, HttpStatusCode.Created)).Id;

        await DialectAssert.AnswerAsync(await a.ChatBlockAsync(group), HttpStatusCode.BadRequest,
            Failure("Blocking works in direct chats only"));
        await a.BlockOkAsync(b.Id);
        await DialectAssert.AnswerAsync(await b.ChatSendAsync(group, "still here"), HttpStatusCode.Created, $$"""
            {"success": true, "message": "Message sent successfully", "data": {"id": "<uuid>", "conversationId": "{{group}}",
             "senderId": "{{b.Id}}", "content": "still here", "messageType": "text", "createdAt": "<date>"} }
            """);
    }
}
