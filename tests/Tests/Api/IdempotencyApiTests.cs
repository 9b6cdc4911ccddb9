using System.Net;
using ChatBlock.Storage;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Api;

/// <summary>
/// <c>Idempotency-Key</c> on sends and blocks (SPEC section 11; issue 11 item 5: "during an outage a message was committed while
/// its client got 500; a retry stores it twice").
/// </summary>
public abstract class IdempotencyApiTests(ChatApp app)
{
    [Fact]
    public async Task ARepeatedSendAnswersTheFirstAnswerAndStoresNothingNew()
    {
        var (a, _, conversationId) = await PairAsync();
        var key = Guid.NewGuid().ToString();
        var first = await a.SendWithKeyAsync(conversationId, key, "once");
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var repeat = await a.SendWithKeyAsync(conversationId, key, "once");

        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal(firstBody, await repeat.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(["once"], (await a.MessagesAsync(conversationId)).Items.Select(m => m.Content));
    }

    [Fact]
    public async Task ARetryAfterACommittedSendWhoseAnswerWasLostStoresNothingNew()
    {
        var (a, b, conversationId) = await PairAsync();
        var key = Guid.NewGuid().ToString();

        // The send commits; the client gets 500 instead of its answer, as in the outage of issue 11.
        var lost = await a.SendWithKeyAsync(conversationId, key, "during the outage", (ClientAddressHeader.LoseAnswerHeader, "1"));
        Assert.Equal(HttpStatusCode.InternalServerError, lost.StatusCode);
        var retry = await a.SendWithKeyAsync(conversationId, key, "during the outage");

        var message = await HttpAssert.OkAsync<MessageBody>(retry, HttpStatusCode.Created);
        var stored = (await b.MessagesAsync(conversationId)).Items;
        Assert.Equal(message.Id, Assert.Single(stored).Id);
    }

    [Fact]
    public async Task ARetryWhoseFirstRequestNeverStoredItsAnswerIsNotRunAgain()
    {
        var (a, _, conversationId) = await PairAsync();
        var key = Guid.NewGuid().ToString();
        // A first request that reserved the key and died before its answer was stored (the database went away after the commit).
        var now = StoreClock.Now(TimeProvider.System);
        await app.Services.GetRequiredService<IChatStore>().ReserveIdempotencyKeyAsync(a.Id, key, now, now.AddHours(-24));

        var retry = await a.SendWithKeyAsync(conversationId, key, "maybe twice");

        await HttpAssert.ProblemAsync(retry, HttpStatusCode.Conflict, "request.idempotency_in_progress");
        Assert.Empty((await a.MessagesAsync(conversationId)).Items);
    }

    [Fact]
    public async Task KeysBelongToOneUser()
    {
        var (a, b, conversationId) = await PairAsync();
        var key = Guid.NewGuid().ToString();
        await HttpAssert.OkAsync<MessageBody>(await a.SendWithKeyAsync(conversationId, key, "from a"), HttpStatusCode.Created);

        var fromB = await HttpAssert.OkAsync<MessageBody>(await b.SendWithKeyAsync(conversationId, key, "from b"), HttpStatusCode.Created);
        var repeatByA = await a.SendWithKeyAsync(conversationId, key, "from a");

        Assert.Equal(b.Id, fromB.SenderId);
        Assert.Equal("true", repeatByA.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(["from b", "from a"], (await a.MessagesAsync(conversationId)).Items.Select(m => m.Content));
    }

    [Fact]
    public async Task ARefusedSendIsAlsoAnsweredAsTheFirstTime()
    {
        var (a, b, conversationId) = await PairAsync();
        await a.BlockOkAsync(b.Id);
        var key = Guid.NewGuid().ToString();
        await HttpAssert.ProblemAsync(
            await b.SendWithKeyAsync(conversationId, key), HttpStatusCode.Forbidden, "message.blocked_by_recipient");
        await a.UnblockOkAsync(b.Id);

        var repeat = await b.SendWithKeyAsync(conversationId, key);

        await HttpAssert.ProblemAsync(repeat, HttpStatusCode.Forbidden, "message.blocked_by_recipient");
        Assert.Empty((await a.MessagesAsync(conversationId)).Items);
    }

    [Fact]
    public async Task ARepeatedBlockAnswersTheFirstAnswerInsteadOfAlreadyBlocked()
    {
        var (a, b, conversationId) = await PairAsync();
        var key = Guid.NewGuid().ToString();
        var first = await a.BlockWithKeyAsync(b.Id, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var repeat = await a.BlockWithKeyAsync(b.Id, key);

        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        var inConversation = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/conversations/{conversationId}/block");
        inConversation.Headers.Add("Idempotency-Key", key);
        Assert.Equal(HttpStatusCode.Created, (await a.Client.SendAsync(inConversation)).StatusCode);
    }

    [Theory]
    [InlineData("129")]
    [InlineData("control")]
    public async Task AMalformedKeyIsInvalid(string kind)
    {
        var (a, _, conversationId) = await PairAsync();
        var key = kind switch
        {
            "129" => new string('k', 129),
            _ => "a\u0001b",
        };

        var response = await a.SendWithKeyAsync(conversationId, key);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "request.invalid");
        Assert.Empty((await a.MessagesAsync(conversationId)).Items);
        await HttpAssert.OkAsync<MessageBody>(await a.SendWithKeyAsync(conversationId, new string('k', 128)), HttpStatusCode.Created);
    }

    private async Task<(TestUser A, TestUser B, Guid ConversationId)> PairAsync()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        return (a, b, (await a.OpenDirectAsync(b.Id)).Id);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteIdempotencyApiTests(SqliteChatApp app) : IdempotencyApiTests(app);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresIdempotencyApiTests(PostgresChatApp app) : IdempotencyApiTests(app);
