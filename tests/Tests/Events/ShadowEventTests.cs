using System.Net;

namespace ChatBlock.Tests.Events;

/// <summary>Live events under <c>Blocking:Disclosure=Shadow</c> (SPEC section 5).</summary>
public sealed class ShadowEventTests(ShadowAppFactory app) : IClassFixture<ShadowAppFactory>
{
    private readonly ChatApi _api = new(app.CreateHttpClient());

    [Fact]
    public async Task AShadowedMessageReachesItsSenderAlone()
    {
        var (a, b, c) = (await _api.RegisterAsync("a"), await _api.RegisterAsync("b"), await _api.RegisterAsync("c"));
        var conversation = await _api.OpenDirectAsync(a, b);
        var marker = await _api.OpenDirectAsync(c, b);
        await _api.BlockAsync(b, a);
        await using var streamA = await SseConnection.OpenReadyAsync(_api.Http, a);
        await using var streamB = await SseConnection.OpenReadyAsync(_api.Http, b);

        using (var shadowed = await _api.PostMessageAsync(a, conversation, "into the void"))
        {
            Assert.Equal(HttpStatusCode.Created, shadowed.StatusCode);
        }

        var seenByA = await streamA.NextAsync();
        Assert.Equal("into the void", seenByA.Json.GetProperty("content").GetString());

        var markerMessage = await _api.SendMessageAsync(c, marker, "marker");
        var seenByB = await streamB.NextAsync();
        Assert.Equal(markerMessage.GetProperty("id").GetGuid(), seenByB.Json.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task AShadowedMessageIsNotReplayedToTheRecipient()
    {
        var (a, b) = (await _api.RegisterAsync("a"), await _api.RegisterAsync("b"));
        var conversation = await _api.OpenDirectAsync(a, b);
        await _api.BlockAsync(b, a);
        string readyId;
        await using (var first = await SseConnection.OpenReadyAsync(_api.Http, b))
        {
            readyId = first.LastEventId!;
        }

        await _api.SendMessageAsync(a, conversation, "into the void");

        await using var resumed = await SseConnection.OpenAsync(_api.Http, b, readyId);
        Assert.Equal("ready", (await resumed.NextAsync()).Type);
    }
}
