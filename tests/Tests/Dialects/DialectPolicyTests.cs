using System.Net;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Dialects;

/// <summary>
/// The disclosure policy (SPEC section 5) and the block rate limit (section 6) hold in every dialect, each in its own envelope;
/// each test runs a gateway of its own configuration.
/// </summary>
public sealed class DialectPolicyTests
{
    [Fact]
    public async Task DiscreetPolicyTellsABlockedSenderOnlyNotDeliveredInEveryDialect()
    {
        using var app = new ChatApp(settings: new Dictionary<string, string?> { ["Blocking:Disclosure"] = "Discreet" });
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var chat = (await a.OpenDirectAsync(b.Id)).Id;
        await a.BlockUserAsync(b.Id);

        await DialectAssert.AnswerAsync(await b.ChatSendAsync(chat, "hi"), HttpStatusCode.Forbidden,
            """{"success": false, "message": "Message not delivered."}""");
        await DialectAssert.AnswerAsync(await b.MessagesSendAsync(chat, "hi"), HttpStatusCode.Forbidden,
            """{"success": false, "message": "Message not delivered."}""");
        // The blocker still learns what they did.
        await DialectAssert.AnswerAsync(await a.ChatSendAsync(chat, "hi"), HttpStatusCode.Forbidden,
            """{"success": false, "message": "You cannot send messages to a user you have blocked. Unblock them first."}""");
        Assert.Empty((await a.MessagesAsync(chat)).Items);
    }

    [Fact]
    public async Task ShadowPolicyAnswersAsSentInEveryDialectAndNeverDelivers()
    {
        using var app = new ChatApp(settings: new Dictionary<string, string?> { ["Blocking:Disclosure"] = "Shadow" });
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var chat = (await a.OpenDirectAsync(b.Id)).Id;
        await a.UsersBlockAsync(b.Id);

        await DialectAssert.AnswerAsync(await b.ChatSendAsync(chat, "one"), HttpStatusCode.Created, $$"""
            {"success": true, "message": "Message sent successfully", "data": {"id": "<uuid>", "conversationId": "{{chat}}",
             "senderId": "{{b.Id}}", "content": "one", "messageType": "text", "createdAt": "<date>"} }
            """);
        await DialectAssert.AnswerAsync(await b.MessagesSendAsync(chat, "two"), HttpStatusCode.Created, $$"""
            {"id": "<uuid>", "conversationId": "{{chat}}", "senderId": "{{b.Id}}", "content": "two", "messageType": "text",
             "createdAt": "<date>"}
            """);

        Assert.Equal(["two", "one"], (await b.MessagesAsync(chat)).Items.Select(m => m.Content));
        Assert.Empty((await a.MessagesAsync(chat)).Items);
    }

    [Fact]
    public async Task BlockRateLimitCountsEveryDialectTogetherAndAnswersInEach()
    {
        using var app = new ChatApp(settings: new Dictionary<string, string?> { ["Blocking:RateLimit:PermitsPerHour"] = "3" });
        var a = await app.RegisterAsync();
        var others = new List<TestUser>();
        for (var i = 0; i < 4; i++)
        {
            others.Add(await app.RegisterAsync());
        }

        var chat = (await a.OpenDirectAsync(others[2].Id)).Id;
        Assert.Equal(HttpStatusCode.OK, (await a.BlockUserAsync(others[0].Id)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.UsersBlockAsync(others[1].Id)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.ChatBlockAsync(chat)).StatusCode);

        var refusals = new[]
        {
            (await a.BlockUserAsync(others[3].Id), """
                {"success": false, "error": {"code": "rate_limited", "message": "Too many block requests.", "i18nKey": "rate_limited",
                 "correlationId": "<string>"} }
                """),
            (await a.UsersBlockAsync(others[3].Id), """{"success": false, "message": "Too many requests"}"""),
            // A chat with someone not blocked yet: an existing block answers "already blocked" before the limit is counted.
            (await a.ChatBlockAsync((await a.OpenDirectAsync(others[3].Id)).Id), """{"success": false, "message": "Too many requests"}"""),
        };
        foreach (var (response, expected) in refusals)
        {
            await DialectAssert.AnswerAsync(response, HttpStatusCode.TooManyRequests, expected);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }

        await HttpAssert.ProblemAsync(await a.BlockAsync(others[3].Id), HttpStatusCode.TooManyRequests, "rate_limited");
    }
}
