using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Events;

/// <summary>
/// <c>GET /api/v1/events</c> over real HTTP. "Nothing arrived" is shown without waiting: a later marker event is sent to the
/// same stream, and since one stream receives events in the order they were published, anything published before the marker
/// would have been read first.
/// </summary>
public sealed class EventStreamTests(LiveChatApp app) : IClassFixture<LiveChatApp>
{
    [Fact]
    public async Task ParticipantsReceiveMessageCreatedAsTheRestApiReturnsIt()
    {
        var (a, b) = (await app.RegisterAsync("a"), await app.RegisterAsync("b"));
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        await using var streamA = await SseConnection.OpenReadyAsync(app, a);
        await using var streamB = await SseConnection.OpenReadyAsync(app, b);

        using var response = await a.SendAsync(conversation, "hello über 🌍");
        var sent = await HttpAssert.OkAsync<JsonElement>(response, HttpStatusCode.Created);

        foreach (var stream in new[] { streamA, streamB })
        {
            var received = await stream.NextAsync();
            Assert.Equal("message.created", received.Type);
            Assert.True(JsonElement.DeepEquals(sent, received.Json), $"{received.Data} differs from {sent}");
            Assert.NotNull(received.Id);
        }
    }

    [Fact]
    public async Task GroupMessagesReachEveryMemberWhateverTheBlocks()
    {
        var (a, b, c) = (await app.RegisterAsync("a"), await app.RegisterAsync("b"), await app.RegisterAsync("c"));
        // Made before the block: SPEC section 10 refuses a new group with someone who blocks its creator.
        var group = (await a.CreateGroupAsync("trio", b.Id, c.Id)).Id;
        await b.BlockOkAsync(a.Id);
        await using var streamB = await SseConnection.OpenReadyAsync(app, b);
        await using var streamC = await SseConnection.OpenReadyAsync(app, c);

        var sent = await a.SendOkAsync(group, "to the group");

        Assert.Equal(sent.Id, (await streamB.NextAsync()).Json.GetProperty("id").GetGuid());
        Assert.Equal(sent.Id, (await streamC.NextAsync()).Json.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task BlockEventsReachEveryStreamOfTheBlockerAndNeverTheBlockedUser()
    {
        var (a, b, c) = (await app.RegisterAsync("a"), await app.RegisterAsync("b"), await app.RegisterAsync("c"));
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        var marker = (await c.OpenDirectAsync(b.Id)).Id;
        await using var tab1 = await SseConnection.OpenReadyAsync(app, a);
        await using var tab2 = await SseConnection.OpenReadyAsync(app, a);
        await using var streamB = await SseConnection.OpenReadyAsync(app, b);

        await a.BlockOkAsync(b.Id);
        foreach (var tab in new[] { tab1, tab2 })
        {
            var created = await tab.NextAsync();
            Assert.Equal("block.created", created.Type);
            Assert.Equal(b.Id, created.Json.GetProperty("userId").GetGuid());
            Assert.Equal(conversation, created.Json.GetProperty("conversationId").GetGuid());
        }

        // B's refused send is not stored, so it is not an event for anyone.
        using (var refused = await b.SendAsync(conversation, "let me in"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        await a.UnblockOkAsync(b.Id);
        foreach (var tab in new[] { tab1, tab2 })
        {
            var deleted = await tab.NextAsync();
            Assert.Equal("block.deleted", deleted.Type);
            Assert.Equal(b.Id, deleted.Json.GetProperty("userId").GetGuid());
        }

        var markerMessage = await c.SendOkAsync(marker, "marker");
        var seenByB = await streamB.NextAsync();
        Assert.Equal("message.created", seenByB.Type);
        Assert.Equal(markerMessage.Id, seenByB.Json.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task UnblockAllSendsBlockDeletedForEachUser()
    {
        var (a, b, c) = (await app.RegisterAsync("a"), await app.RegisterAsync("b"), await app.RegisterAsync("c"));
        await a.BlockOkAsync(b.Id);
        await a.BlockOkAsync(c.Id);
        await using var stream = await SseConnection.OpenReadyAsync(app, a);

        Assert.Equal(2, (await a.UnblockAllOkAsync()).Unblocked);

        var events = new[] { await stream.NextAsync(), await stream.NextAsync() };
        Assert.All(events, e => Assert.Equal("block.deleted", e.Type));
        Assert.Equal(new[] { b.Id, c.Id }.Order(), events.Select(e => e.Json.GetProperty("userId").GetGuid()).Order());
    }

    [Fact]
    public async Task ResumingWithLastEventIdReplaysTheMissedMessagesInOrder()
    {
        var (a, b) = (await app.RegisterAsync("a"), await app.RegisterAsync("b"));
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        string lastEventId;
        await using (var first = await SseConnection.OpenReadyAsync(app, b))
        {
            await a.SendOkAsync(conversation, "one");
            var one = await first.NextAsync();
            Assert.Equal("one", one.Json.GetProperty("content").GetString());
            lastEventId = first.LastEventId!;
        }

        var two = await a.SendOkAsync(conversation, "two");
        var three = await b.SendOkAsync(conversation, "three");

        await using var resumed = await SseConnection.OpenAsync(app, b, lastEventId);
        var events = await resumed.ReadUntilAsync(e => e.Type == "ready");
        Assert.Equal(
            new[] { two.Id, three.Id },
            events.Where(e => e.Type == "message.created").Select(e => e.Json.GetProperty("id").GetGuid()));
        Assert.True(events[^1].Json.GetProperty("resumed").GetBoolean());

        // And it is live again afterwards.
        var four = await a.SendOkAsync(conversation, "four");
        Assert.Equal(four.Id, (await resumed.NextAsync()).Json.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task ResumingFromReadyReplaysWhatWasSentWhileAway()
    {
        var (a, b) = (await app.RegisterAsync("a"), await app.RegisterAsync("b"));
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        string readyId;
        await using (var first = await SseConnection.OpenReadyAsync(app, b))
        {
            readyId = first.LastEventId!;
        }

        var missed = await a.SendOkAsync(conversation, "while away");

        await using var resumed = await SseConnection.OpenAsync(app, b, readyId);
        var replayed = await resumed.NextAsync();
        Assert.Equal("message.created", replayed.Type);
        Assert.Equal(missed.Id, replayed.Json.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task AnUnreadableLastEventIdAsksTheClientToResync()
    {
        var a = await app.RegisterAsync("a");
        await using var stream = await SseConnection.OpenAsync(app, a, "not-a-position");

        Assert.Equal("resync", (await stream.NextAsync()).Type);
        Assert.Equal("ready", (await stream.NextAsync()).Type);
    }

    [Fact]
    public async Task TheBearerHeaderStillOpensTheStream()
    {
        var (a, b) = (await app.RegisterAsync("a"), await app.RegisterAsync("b"));
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        await using var stream = await SseConnection.OpenAsync(app, b, bearerHeader: true);
        Assert.Equal("ready", (await stream.NextAsync()).Type);

        var sent = await a.SendOkAsync(conversation, "to a header client");

        Assert.Equal(sent.Id, (await stream.NextAsync()).Json.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task TheQueryTokenIsRefusedEvenOnTheEventStream()
    {
        var a = await app.RegisterAsync("a");
        using var http = app.CreateClient();

        using var me = await http.GetAsync($"api/v1/users/me?access_token={a.Token}");
        using var stream = await http.GetAsync($"api/v1/events?access_token={a.Token}");
        using var anonymous = await http.GetAsync("api/v1/events");

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stream.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("auth.unauthorized", (await stream.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task ATicketOpensOneStreamOnly()
    {
        var (a, b) = (await app.RegisterAsync("a"), await app.RegisterAsync("b"));
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        var ticket = await SseConnection.TicketAsync(app, b);
        await using var stream = await SseConnection.OpenWithTicketAsync(app, ticket);
        Assert.Equal("ready", (await stream.NextAsync()).Type);

        using var http = app.CreateClient();
        using var again = await http.GetAsync($"api/v1/events?ticket={Uri.EscapeDataString(ticket)}");

        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal("auth.unauthorized", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        // The first stream is the user's and stays live.
        var sent = await a.SendOkAsync(conversation, "still here");
        Assert.Equal(sent.Id, (await stream.NextAsync()).Json.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task TicketsAreForStreamsOnlyAndNeedABearerToken()
    {
        var a = await app.RegisterAsync("a");
        var ticket = await SseConnection.TicketAsync(app, a);
        using var http = app.CreateClient();

        using var anonymous = await http.PostAsync("api/v1/events/tickets", null);
        using var asToken = new HttpRequestMessage(HttpMethod.Get, "api/v1/users/me")
        {
            Headers = { { "Authorization", $"Bearer {ticket}" } },
        };
        using var ticketAsToken = await http.SendAsync(asToken);
        using var tokenAsTicket = await http.GetAsync($"api/v1/events?ticket={a.Token}");
        using var forged = await http.GetAsync($"api/v1/events?ticket={ticket[..^4]}AAAA");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, ticketAsToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tokenAsTicket.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }
}
