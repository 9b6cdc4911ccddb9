using ChatBlock.Api.Events;
using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Memory;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatBlock.Tests.Events;

public sealed class EventDispatcherTests
{
    private static EventDispatcher NewHub(int capacity, int perUser = 10, int perSilo = 10_000)
    {
        var channel = new InMemoryClusterChannel(new InMemoryClusterNetwork(), "silo");
        return new EventDispatcher(
            channel,
            new MemoryChatStore(new MemoryDatabase(), channel),
            Options.Create(new EventsOptions { QueueCapacity = capacity, MaxStreamsPerUser = perUser, MaxStreamsPerSilo = perSilo }),
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

    [Fact]
    public void OneStreamTooManyForAUserEndsTheirOldestAfterWhatItHasQueued()
    {
        var hub = NewHub(capacity: 8, perUser: 2);
        var (user, other) = (Guid.NewGuid(), Guid.NewGuid());
        using var oldest = hub.Subscribe(user)!;
        using var middle = hub.Subscribe(user)!;
        using var bystander = hub.Subscribe(other)!;
        hub.Deliver(user, new LiveEvent("e", "1"));

        using var newest = hub.Subscribe(user)!;
        hub.Deliver(user, new LiveEvent("e", "2"));

        Assert.True(oldest.Reader.TryRead(out var queued));
        Assert.Equal("1", queued.Data);
        Assert.True(oldest.Reader.Completion.IsCompleted);
        Assert.False(middle.Reader.Completion.IsCompleted);
        Assert.False(bystander.Reader.Completion.IsCompleted);
        Assert.True(newest.Reader.TryRead(out var live));
        Assert.Equal("2", live.Data);
        Assert.Equal(3, hub.Count);
    }

    [Fact]
    public void AFullSiloRefusesNewStreamsUntilOneCloses()
    {
        var hub = NewHub(capacity: 8, perSilo: 2);
        var first = hub.Subscribe(Guid.NewGuid())!;
        using var second = hub.Subscribe(Guid.NewGuid())!;

        Assert.Null(hub.Subscribe(Guid.NewGuid()));

        first.Dispose();
        using var third = hub.Subscribe(Guid.NewGuid());
        Assert.NotNull(third);
        Assert.Equal(2, hub.Count);
    }
}
