using System.Diagnostics.Metrics;
using System.Net;
using ChatBlock.Grains.Telemetry;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Telemetry;

/// <summary>Issue 14, metrics: the <c>ChatBlock</c> meter seen through a <see cref="MeterListener"/> during real API calls.</summary>
[Collection(MetricsCollection.Name)]
public sealed class ChatBlockMetricsTests
{
    /// <summary>An accepted send, a block, a refused send (memory) and an unblock, each counted with its tags.</summary>
    [Fact]
    public async Task SendsBlocksAndUnblocksAreCountedWithTheirTags()
    {
        using var app = new ChatApp();
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);
        var measurements = new List<(string Name, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ChatBlockMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Record(instrument, tags));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, tags));
        listener.Start();

        await a.SendOkAsync(conversation.Id);
        await b.BlockOkAsync(a.Id);
        var refused = await a.SendAsync(conversation.Id);
        await b.UnblockOkAsync(a.Id);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        lock (measurements)
        {
            Assert.Equal(
                [
                    ("chatblock.sends", "decided_by=database,outcome=accepted"),
                    ("chatblock.send.duration", "decided_by=database,outcome=accepted"),
                    ("chatblock.blocks", ""),
                    ("chatblock.sends", "decided_by=memory,outcome=refused,reason=blocked_by_recipient"),
                    ("chatblock.send.duration", "decided_by=memory,outcome=refused,reason=blocked_by_recipient"),
                    ("chatblock.unblocks", ""),
                ],
                measurements);
        }

        void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var text = string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal));
            lock (measurements)
            {
                measurements.Add((instrument.Name, text));
            }
        }
    }
}
