using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ChatBlock.Tests.Events;

/// <summary>
/// <c>GET /api/v1/events</c> over real HTTP. "Nothing arrived" is shown without waiting: a later marker event is sent to the
/// same stream, and since one stream receives events in the order they were published, anything published before the marker
/// would have been read first.
/// </summary>
public sealed class EventStreamTests(LiveAppFactory app) : IClassFixture<LiveAppFactory>
{
    private readonly ChatApi _api = new(app.CreateHttpClient());

    [Fact]
    public async Task ParticipantsReceiveMessageCreatedAsTheRestApiReturnsIt()
    {
        var (a, b) = (await _api.RegisterAsync("a"), await _api.RegisterAsync("b"));
        var conversation = await _api.OpenDirectAsync(a, b);
        await using var streamA = await SseConnection.OpenReadyAsync(_api.Http, a);
        await using var streamB = await SseConnection.OpenReadyAsync(_api.Http, b);

        var sent = await _api.SendMessageAsync(a, conversation, "hello über 🌍");

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
        var (a, b, c) = (await _api.RegisterAsync("a"), await _api.RegisterAsync("b"), await _api.RegisterAsync("c"));
        await _api.BlockAsync(b, a);
        var group = await _api.CreateGroupAsync(a, "trio", b, c);
        await using var streamB = await SseConnection.OpenReadyAsync(_api.Http, b);
        await using var streamC = await SseConnection.OpenReadyAsync(_api.Http, c);

        var sent = await _api.SendMessageAsync(a, group, "to the group");

        Assert.Equal(sent.GetProperty("id").GetGuid(), (await streamB.NextAsync()).Json.GetProperty("id").GetGuid());
        Assert.Equal(sent.GetProperty("id").GetGuid(), (await streamC.NextAsync()).Json.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task BlockEventsReachEveryStreamOfTheBlockerAndNeverTheBlockedUser()
    {
        var (a, b, c) = (await _api.RegisterAsync("a"), await _api.RegisterAsync("b"), await _api.RegisterAsync("c"));
        var conversation = await _api.OpenDirectAsync(a, b);
        var marker = await _api.OpenDirectAsync(c, b);
        await using var tab1 = await SseConnection.OpenReadyAsync(_api.Http, a);
        await using var tab2 = await SseConnection.OpenReadyAsync(_api.Http, a);
        await using var streamB = await SseConnection.OpenReadyAsync(_api.Http, b);

        await _api.BlockAsync(a, b);
        foreach (var tab in new[] { tab1, tab2 })
        {
            var created = await tab.NextAsync();
            Assert.Equal("block.created", created.Type);
            Assert.Equal(b.Id, created.Json.GetProperty("userId").GetGuid());
            Assert.Equal(conversation, created.Json.GetProperty("conversationId").GetGuid());
        }

        // B's refused send is not stored, so it is not an event for anyone.
        using (var refused = await _api.PostMessageAsync(b, conversation, "let me in"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        await _api.UnblockAsync(a, b);
        foreach (var tab in new[] { tab1, tab2 })
        {
            var deleted = await tab.NextAsync();
            Assert.Equal("block.deleted", deleted.Type);
            Assert.Equal(b.Id, deleted.Json.GetProperty("userId").GetGuid());
        }

        var markerMessage = await _api.SendMessageAsync(c, marker, "marker");
        var seenByB = await streamB.NextAsync();
        Assert.Equal("message.created", seenByB.Type);
        Assert.Equal(markerMessage.GetProperty("id").GetGuid(), seenByB.Json.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task UnblockAllSendsBlockDeletedForEachUser()
    {
        var (a, b, c) = (await _api.RegisterAsync("a"), await _api.RegisterAsync("b"), await _api.RegisterAsync("c"));
        await _api.BlockAsync(a, b);
        await _api.BlockAsync(a, c);
        await using var stream = await SseConnection.OpenReadyAsync(_api.Http, a);

        Assert.Equal(2, await _api.UnblockAllAsync(a));

        var events = new[] { await stream.NextAsync(), await stream.NextAsync() };
        Assert.All(events, e => Assert.Equal("block.deleted", e.Type));
        Assert.Equal(new[] { b.Id, c.Id }.Order(), events.Select(e => e.Json.GetProperty("userId").GetGuid()).Order());
    }

    [Fact]
    public async Task ResumingWithLastEventIdReplaysTheMissedMessagesInOrder()
    {
        var (a, b) = (await _api.RegisterAsync("a"), await _api.RegisterAsync("b"));
        var conversation = await _api.OpenDirectAsync(a, b);
        string lastEventId;
        await using (var first = await SseConnection.OpenReadyAsync(_api.Http, b))
        {
            await _api.SendMessageAsync(a, conversation, "one");
            var one = await first.NextAsync();
            Assert.Equal("one", one.Json.GetProperty("content").GetString());
            lastEventId = first.LastEventId!;
        }

        var two = await _api.SendMessageAsync(a, conversation, "two");
        var three = await _api.SendMessageAsync(b, conversation, "three");

        await using var resumed = await SseConnection.OpenAsync(_api.Http, b, lastEventId);
        var events = await resumed.ReadUntilAsync(e => e.Type == "ready");
        Assert.Equal(
            new[] { two.GetProperty("id").GetGuid(), three.GetProperty("id").GetGuid() },
            events.Where(e => e.Type == "message.created").Select(e => e.Json.GetProperty("id").GetGuid()));
        Assert.True(events[^1].Json.GetProperty("resumed").GetBoolean());

        // And it is live again afterwards.
        var four = await _api.SendMessageAsync(a, conversation, "four");
        Assert.Equal(four.GetProperty("id").GetGuid(), (await resumed.NextAsync()).Json.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task ResumingFromReadyReplaysWhatWasSentWhileAway()
    {
        var (a, b) = (await _api.RegisterAsync("a"), await _api.RegisterAsync("b"));
        var conversation = await _api.OpenDirectAsync(a, b);
        string readyId;
        await using (var first = await SseConnection.OpenReadyAsync(_api.Http, b))
        {
            readyId = first.LastEventId!;
        }

        var missed = await _api.SendMessageAsync(a, conversation, "while away");

        await using var resumed = await SseConnection.OpenAsync(_api.Http, b, readyId);
        var replayed = await resumed.NextAsync();
        Assert.Equal("message.created", replayed.Type);
        Assert.Equal(missed.GetProperty("id").GetGuid(), replayed.Json.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task AnUnreadableLastEventIdAsksTheClientToResync()
    {
        var a = await _api.RegisterAsync("a");
        await using var stream = await SseConnection.OpenAsync(_api.Http, a, "not-a-position");

        Assert.Equal("resync", (await stream.NextAsync()).Type);
        Assert.Equal("ready", (await stream.NextAsync()).Type);
    }

    [Fact]
    public async Task TheQueryTokenIsAcceptedOnTheEventStreamOnly()
    {
        var a = await _api.RegisterAsync("a");

        using var me = await _api.Http.GetAsync($"api/v1/users/me?access_token={a.Token}");
        using var anonymous = await _api.Http.GetAsync("api/v1/events");
        using var badToken = await _api.Http.GetAsync("api/v1/events?access_token=not.a.token");

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);
        Assert.Equal("auth.unauthorized", (await anonymous.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
