using System.Net;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Events;

/// <summary>A stream ticket is valid 60 seconds of the app's clock (a manual one here: nobody waits a minute).</summary>
public sealed class StreamTicketExpiryTests
{
    [Fact]
    public async Task ATicketWorksForItsMinuteAndNotAfter()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var app = new ChatApp(realServer: true, services: s => s.AddSingleton<TimeProvider>(clock));
        var a = await app.RegisterAsync("a");
        var early = await SseConnection.TicketAsync(app, a);
        var late = await SseConnection.TicketAsync(app, a);

        clock.Advance(TimeSpan.FromSeconds(55));
        await using (var stream = await SseConnection.OpenWithTicketAsync(app, early))
        {
            Assert.Equal("ready", (await stream.NextAsync()).Type);
        }

        // Past 60 s and the few seconds allowed for clocks of silos that differ.
        clock.Advance(TimeSpan.FromSeconds(15));
        using var http = app.CreateClient();
        using var expired = await http.GetAsync($"api/v1/events?ticket={Uri.EscapeDataString(late)}");

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
    }
}
