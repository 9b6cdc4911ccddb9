using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Events;

/// <summary>
/// Live streams are capped per user (<c>Events:MaxStreamsPerUser</c>, default 10: the oldest ends) and per silo
/// (<c>Events:MaxStreamsPerSilo</c>: 503 with <c>Retry-After</c>), issue 11 item 10.
/// </summary>
public sealed class StreamLimitTests(LiveChatApp app) : IClassFixture<LiveChatApp>
{
    [Fact]
    public async Task TheEleventhStreamOfAUserEndsTheirOldestAndTheOthersKeepReceiving()
    {
        var (a, b) = (await app.RegisterAsync("a"), await app.RegisterAsync("b"));
        var conversation = (await a.OpenDirectAsync(b.Id)).Id;
        var streams = new List<SseConnection>();
        try
        {
            for (var i = 0; i < 11; i++)
            {
                streams.Add(await SseConnection.OpenReadyAsync(app, b));
            }

            // The oldest ends gracefully (its client may reconnect); nothing was sent to it.
            await Assert.ThrowsAsync<EndOfStreamException>(() => streams[0].NextAsync());

            var sent = await a.SendOkAsync(conversation, "to the ten left");
            foreach (var stream in streams.Skip(1))
            {
                Assert.Equal(sent.Id, (await stream.NextAsync()).Json.GetProperty("id").GetGuid());
            }
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AFullSiloRefusesNewStreamsWith503AndRetryAfter()
    {
        await using var small = new ChatApp(
            settings: new Dictionary<string, string?> { ["Events:MaxStreamsPerSilo"] = "2" }, realServer: true);
        var (a, b, c) = (await small.RegisterAsync("a"), await small.RegisterAsync("b"), await small.RegisterAsync("c"));
        await using var first = await SseConnection.OpenReadyAsync(small, a);
        await using var second = await SseConnection.OpenReadyAsync(small, b);

        using var http = small.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/events?ticket={await SseConnection.TicketAsync(small, c)}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var refused = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("events.unavailable", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
