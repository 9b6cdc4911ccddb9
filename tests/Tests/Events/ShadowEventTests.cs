using System.Net;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Events;

/// <summary>Live events under <c>Blocking:Disclosure=Shadow</c> (SPEC section 5).</summary>
public sealed class ShadowEventTests(ShadowLiveChatApp app) : IClassFixture<ShadowLiveChatApp>
{
    [Fact]
    public async Task AShadowedMessageReachesItsSenderAlone()
    {
        var (a, b, c) = (await app.RegisterAsync("a"), await app.RegisterAsync("b"), await app.RegisterAsync("c"));
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        var marker = (await c.OpenDirectAsync(b.Id)).Id;
        await b.BlockOkAsync(a.Id);
        await using var streamA = await SseConnection.OpenReadyAsync(app, a);
        await using var streamB = await SseConnection.OpenReadyAsync(app, b);

        using (var shadowed = await a.SendAsync(conversation, "into the void"))
        {
            Assert.Equal(HttpStatusCode.Created, shadowed.StatusCode);
        }

        var seenByA = await streamA.NextAsync();
        Assert.Equal("into the void", seenByA.Json.GetProperty("content").GetString());

        var markerMessage = await c.SendOkAsync(marker, "marker");
        var seenByB = await streamB.NextAsync();
        Assert.Equal(markerMessage.Id, seenByB.Json.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task AShadowedMessageIsNotReplayedToTheRecipient()
    {
        var (a, b) = (await app.RegisterAsync("a"), await app.RegisterAsync("b"));
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        await b.BlockOkAsync(a.Id);
        string readyId;
        await using (var first = await SseConnection.OpenReadyAsync(app, b))
        {
            readyId = first.LastEventId!;
        }

        await a.SendOkAsync(conversation, "into the void");

        await using var resumed = await SseConnection.OpenAsync(app, b, readyId);
        Assert.Equal("ready", (await resumed.NextAsync()).Type);
    }
}
