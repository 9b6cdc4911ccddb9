using System.Text;
using ChatBlock.Api.Events;

namespace ChatBlock.Tests.Events;

public sealed class ClusterEventCodecTests
{
    [Fact]
    public void ASmallEventTravelsInlineAndDecodesUnchanged()
    {
        var recipients = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var cursor = new EventCursor(1_732_000_000_000_123, Guid.NewGuid());
        var item = new LiveEvent("message.created", """{"id":"x","content":"hi"}""", cursor);

        var payload = Assert.Single(ClusterEventCodec.Encode(recipients, [item]));
        var batch = ClusterEventCodec.Decode(payload);

        Assert.NotNull(batch);
        Assert.Equal(recipients, batch.Recipients);
        Assert.Equal(new ClusterEventItem(item.Type, item.Data, item.Cursor), Assert.Single(batch.Events));
    }

    [Fact]
    public void ALongMessageToALargeGroupStaysUnderTheNotifyLimit()
    {
        var recipients = Enumerable.Range(0, 256).Select(_ => Guid.NewGuid()).ToList();
        // 4,000 characters that JSON escapes to twelve bytes each.
        var data = $$"""{"content":"{{string.Concat(Enumerable.Repeat("\\ud83e\\uddf1", 4000))}}"}""";
        var item = new LiveEvent("message.created", data, new EventCursor(1, Guid.NewGuid()));

        var payloads = ClusterEventCodec.Encode(recipients, [item]);

        Assert.All(payloads, p => Assert.InRange(Encoding.UTF8.GetByteCount(p), 1, ClusterEventCodec.MaxPayloadBytes));
        var batches = payloads.Select(p => ClusterEventCodec.Decode(p)!).ToList();
        Assert.Equal(recipients, batches.SelectMany(b => b.Recipients));
        Assert.All(batches, b => Assert.True(Assert.Single(b.Events).IsReference));
        Assert.All(batches, b => Assert.Equal(item.Cursor, b.Events[0].Cursor));
    }

    [Fact]
    public void ManyEventsArePackedIntoSeveralPayloadsInOrder()
    {
        var items = Enumerable.Range(0, 300)
            .Select(i => new LiveEvent("block.deleted", $$"""{"userId":"{{Guid.NewGuid()}}","n":{{i}}}"""))
            .ToList();

        var payloads = ClusterEventCodec.Encode([Guid.NewGuid()], items);

        Assert.True(payloads.Count > 1);
        Assert.All(payloads, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= ClusterEventCodec.MaxPayloadBytes));
        Assert.Equal(
            items.Select(e => new ClusterEventItem(e.Type, e.Data, e.Cursor)),
            payloads.SelectMany(p => ClusterEventCodec.Decode(p)!.Events));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"v":2,"to":[],"events":[]}""")]
    [InlineData("""{"v":1,"to":["nope"],"events":[]}""")]
    [InlineData("""{"v":1,"to":[],"events":[{"type":"message.created","conversationId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301"}]}""")]
    public void AnythingElseDecodesToNull(string payload) => Assert.Null(ClusterEventCodec.Decode(payload));

    [Fact]
    public void CursorsRoundTripAndRejectOtherText()
    {
        var cursor = new EventCursor(1_732_000_000_000_123, Guid.NewGuid());

        Assert.True(EventCursor.TryParse(cursor.Encode(), out var parsed));
        Assert.Equal(cursor, parsed);
        Assert.False(EventCursor.TryParse("-1-" + Guid.NewGuid().ToString("N"), out _));
        Assert.False(EventCursor.TryParse("123-xyz", out _));
        Assert.False(EventCursor.TryParse(new string('1', 100), out _));
    }
}
