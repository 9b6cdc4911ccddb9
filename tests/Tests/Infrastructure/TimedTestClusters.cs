using System.Collections.Concurrent;
using ChatBlock.Grains;
using ChatBlock.Grains.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBlock.Tests.Infrastructure;

/// <summary>
/// What the timed-block clusters (SPEC section 10) add to each silo: one <see cref="ManualClock"/> for all silos, timed blocks
/// from one second, the server's expiry loop off (tests call <c>BlockExpiryService.ExpireDueAsync</c> themselves, on every silo
/// at once), and an <see cref="IEventPublisher"/> that records every <c>block.expired</c> of every silo in one list.
/// </summary>
public sealed class TimedSilos
{
    /// <summary>The clock every silo reads.</summary>
    public ManualClock Clock { get; } = new();

    /// <summary>Every expiry reported by any silo: (silo, blocker, blocked).</summary>
    public ConcurrentQueue<(string Silo, Guid BlockerId, Guid BlockedId)> Expired { get; } = new();

    /// <summary>Adds the settings and services to one silo.</summary>
    public void Configure(HostApplicationBuilder builder)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Blocking:TimedBlocks:MinDuration"] = "00:00:01",
            ["Blocking:TimedBlocks:ExpiryInterval"] = "00:00:00",
        });
        var silo = builder.Configuration["Silo:SiloId"] ?? "?";
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddSingleton<IEventPublisher>(new ExpiryRecorder(silo, Expired));
    }

    private sealed class ExpiryRecorder(string silo, ConcurrentQueue<(string, Guid, Guid)> expired) : IEventPublisher
    {
        public Task MessageStoredAsync(ChatMessage message, IReadOnlyList<Guid> recipientIds, CancellationToken cancellationToken = default) =>
            Task.CompletedTask;

        public Task BlockAddedAsync(
            Guid blockerId, Guid blockedId, Guid conversationId, DateTimeOffset createdAt, CancellationToken cancellationToken = default) =>
            Task.CompletedTask;

        public Task BlocksRemovedAsync(
            Guid blockerId, IReadOnlyList<Guid> blockedIds, DateTimeOffset removedAt, CancellationToken cancellationToken = default) =>
            Task.CompletedTask;

        public Task BlockExpiredAsync(
            Guid blockerId, Guid blockedId, DateTimeOffset expiredAt, CancellationToken cancellationToken = default)
        {
            expired.Enqueue((silo, blockerId, blockedId));
            return Task.CompletedTask;
        }

        public Task BlocksReplacedAsync(
            Guid blockerId, int added, int removed, DateTimeOffset replacedAt, CancellationToken cancellationToken = default) =>
            Task.CompletedTask;
    }
}

/// <summary>Three memory silos on a <see cref="TimedSilos"/> clock.</summary>
public sealed class TimedMemoryTestCluster : MemoryTestCluster
{
    public TimedSilos Timed { get; } = new();

    protected override void ConfigureSilo(HostApplicationBuilder builder) => Timed.Configure(builder);
}

/// <summary>Three PostgreSQL silos (LISTEN/NOTIFY) on a <see cref="TimedSilos"/> clock.</summary>
public sealed class TimedPostgresTestCluster : PostgresTestCluster
{
    public TimedSilos Timed { get; } = new();

    protected override void ConfigureSilo(HostApplicationBuilder builder) => Timed.Configure(builder);
}

[CollectionDefinition(Name)]
public sealed class TimedMemoryClusterCollection : ICollectionFixture<TimedMemoryTestCluster>
{
    public const string Name = "timed-memory-cluster";
}

[CollectionDefinition(Name)]
public sealed class TimedPostgresClusterCollection : ICollectionFixture<TimedPostgresTestCluster>
{
    public const string Name = "timed-postgres-cluster";
}
