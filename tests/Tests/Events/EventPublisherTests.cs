using ChatBlock.Api.Events;
using ChatBlock.Grains;
using ChatBlock.Storage;
using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Memory;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatBlock.Tests.Events;

/// <summary>
/// A silo hands its own events to its streams as they are; only silos that may have neighbours encode them for the channel. The
/// publisher is not started, so its cluster queue keeps what was encoded and nothing needs waiting for.
/// </summary>
public sealed class EventPublisherTests
{
    [Theory]
    [InlineData(StorageProvider.Sqlite, 0)]
    [InlineData(StorageProvider.Postgres, 1)]
    [InlineData(StorageProvider.Memory, 1)]
    public async Task OwnStreamsGetEventsAtOnceAndOnlyClusteredSilosPublishThem(StorageProvider provider, int published)
    {
        var channel = new InMemoryClusterChannel(new InMemoryClusterNetwork(), "silo");
        var dispatcher = new EventDispatcher(
            channel,
            new MemoryChatStore(new MemoryDatabase(), channel),
            Options.Create(new EventsOptions()),
            Options.Create(new JsonOptions()),
            NullLogger<EventDispatcher>.Instance);
        var publisher = new EventPublisher(
            dispatcher,
            channel,
            Options.Create(new StorageOptions { Provider = provider }),
            Options.Create(new JsonOptions()),
            NullLogger<EventPublisher>.Instance);
        var (sender, recipient) = (Guid.NewGuid(), Guid.NewGuid());
        using var stream = dispatcher.Subscribe(recipient)!;

        var message = new ChatMessage(Guid.NewGuid(), Guid.NewGuid(), sender, "hi", "text", DateTimeOffset.UnixEpoch);
        await publisher.MessageStoredAsync(message, [sender, recipient]);

        Assert.True(stream.Reader.TryRead(out var delivered));
        Assert.Equal(EventTypes.MessageCreated, delivered.Type);
        Assert.Equal(published, publisher.QueuedPayloads);
    }
}
