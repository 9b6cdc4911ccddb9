using ChatBlock.Api.Events;
using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Memory;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatBlock.Tests.Events;

public sealed class EventDispatcherTests
{
    private static EventDispatcher NewHub(int capacity)
    {
        var channel = new InMemoryClusterChannel(new InMemoryClusterNetwork(), "silo");
        return new EventDispatcher(
            channel,
            new MemoryChatStore(new MemoryDatabase(), channel),
            Options.Create(new EventsOptions { QueueCapacity = capacity }),
            Options.Create(new JsonOptions()),
            NullLogger<EventDispatcher>.Instance);
    }

    [Fact]
    public void ASubscriberThatFallsTooFarBehindIsDroppedWithoutHoldingUpOthers()
    {
        var hub = NewHub(capacity: 2);
        var user = Guid.NewGuid();
        using var slow = hub.Subscribe(user)!;
        using var fast = hub.Subscribe(user)!;

        hub.Deliver(user, new LiveEvent("e", "1"));
        hub.Deliver(user, new LiveEvent("e", "2"));
        Assert.True(fast.Reader.TryRead(out _));
        Assert.True(fast.Reader.TryRead(out _));
        hub.Deliver(user, new LiveEvent("e", "3"));

        Assert.True(slow.Dropped.IsCancellationRequested);
        Assert.False(fast.Dropped.IsCancellationRequested);
        Assert.True(fast.Reader.TryRead(out var third));
        Assert.Equal("3", third.Data);
    }

    [Fact]
    public void CompletingAllEndsStreamsAfterWhatIsQueued()
    {
        var hub = NewHub(capacity: 8);
        var user = Guid.NewGuid();
        using var stream = hub.Subscribe(user)!;
        hub.Deliver(user, new LiveEvent("e", "1"));

        Assert.Equal(1, hub.CompleteAll());

        Assert.True(stream.Reader.TryRead(out _));
        Assert.True(stream.Reader.Completion.IsCompleted);
        Assert.False(stream.Dropped.IsCancellationRequested);
    }

    [Fact]
    public void DisposingASubscriberStopsDelivery()
    {
        var hub = NewHub(capacity: 8);
        var user = Guid.NewGuid();
        var stream = hub.Subscribe(user)!;

        stream.Dispose();

        Assert.False(hub.HasStreams(user));
        Assert.Equal(0, hub.Count);
    }
}
