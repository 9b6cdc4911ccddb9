using System.Net;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Dialects;

/// <summary>
/// Seed 000 (an Express + Prisma chat): block, unblock, the blocked list and the send gate, every documented answer replayed
/// against the real gateway (SPEC section 9).
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class Seed000DialectTests(SqliteChatApp app)
{
    private static string Answer(bool success, string message) =>
        $$"""{"success": {{(success ? "true" : "false")}}, "message": "{{message}}"}""";

    [Fact]
    public async Task BlockUnblockAndListAnswerAsTheSeedDoes()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync(avatarUrl: "https://example.com/b.png");
        var c = await app.RegisterAsync();

        await DialectAssert.AnswerAsync(await a.UsersBlockAsync(b.Id), HttpStatusCode.OK, Answer(true, "User blocked"));
        await DialectAssert.AnswerAsync(await a.UsersBlockAsync(b.Id), HttpStatusCode.OK, Answer(true, "User already blocked"));
        await DialectAssert.AnswerAsync(
            await a.UsersBlockAsync(a.Id), HttpStatusCode.BadRequest, Answer(false, "You cannot block yourself"));
        await DialectAssert.AnswerAsync(await a.UsersBlockAsync(c.Id), HttpStatusCode.OK, Answer(true, "User blocked"));

        // The seed's select: {id, username, avatarUrl, name}; newest first.
        await DialectAssert.AnswerAsync(await a.Client.GetAsync("/api/users/me/blocked"), HttpStatusCode.OK, $$"""
            [{"id": "{{c.Id}}", "username": "{{c.Username}}", "avatarUrl": null, "name": "{{c.Username}}"},
             {"id": "{{b.Id}}", "username": "{{b.Username}}", "avatarUrl": "https://example.com/b.png", "name": "{{b.Username}}"}]
            """);

        await DialectAssert.AnswerAsync(await a.UsersUnblockAsync(b.Id), HttpStatusCode.OK, Answer(true, "User unblocked"));
        // deleteMany: also when there was no block.
        await DialectAssert.AnswerAsync(await a.UsersUnblockAsync(b.Id), HttpStatusCode.OK, Answer(true, "User unblocked"));
        await DialectAssert.AnswerAsync(await a.Client.GetAsync("/api/users/me/blocked"), HttpStatusCode.OK, $$"""
            [{"id": "{{c.Id}}", "username": "{{c.Username}}", "avatarUrl": null, "name": "{{c.Username}}"}]
            """);
    }

    [Fact]
    public async Task SendGateAnswersWithTheSeedsTexts()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        await a.UsersBlockAsync(b.Id);

        await DialectAssert.AnswerAsync(await b.MessagesSendAsync(conversation, "hi"), HttpStatusCode.Forbidden,
            Answer(false, "You have been blocked by this user."));
        await DialectAssert.AnswerAsync(await a.MessagesSendAsync(conversation, "hi"), HttpStatusCode.Forbidden,
            Answer(false, "You cannot send messages to a user you have blocked. Unblock them first."));

        await a.UsersUnblockAsync(b.Id);
        await DialectAssert.AnswerAsync(await b.MessagesSendAsync(conversation, "hello again"), HttpStatusCode.Created, $$"""
            {"id": "<uuid>", "conversationId": "{{conversation}}", "senderId": "{{b.Id}}", "content": "hello again",
             "messageType": "text", "createdAt": "<date>"}
            """);
        Assert.Equal(["hello again"], (await a.MessagesAsync(conversation)).Items.Select(m => m.Content));
    }

    [Fact]
    public async Task UnknownIdsAndMissingTokensUseTheSeedEnvelope()
    {
        var a = await app.RegisterAsync();

        await DialectAssert.AnswerAsync(await a.UsersBlockAsync(Guid.NewGuid()), HttpStatusCode.NotFound, Answer(false, "User not found"));
        await DialectAssert.AnswerAsync(await a.MessagesSendAsync(Guid.NewGuid(), "hi"), HttpStatusCode.NotFound,
            Answer(false, "Conversation not found"));
        await DialectAssert.AnswerAsync(await a.Client.PostAsync("/api/users/clx0abc123/block", null), HttpStatusCode.BadRequest,
            Answer(false, "Invalid id"));
        await DialectAssert.AnswerAsync(await a.Client.DeleteAsync("/api/users/clx0abc123/block"), HttpStatusCode.BadRequest,
            Answer(false, "Invalid id"));
        await DialectAssert.AnswerAsync(await app.CreateClient().GetAsync("/api/users/me/blocked"), HttpStatusCode.Unauthorized,
            Answer(false, "Unauthorized"));
        await DialectAssert.AnswerAsync(await app.CreateClient().PostAsync($"/api/users/{a.Id}/block", null), HttpStatusCode.Unauthorized,
            Answer(false, "Unauthorized"));
    }
}
