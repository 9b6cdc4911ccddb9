using System.Collections.Immutable;

namespace ChatBlock.Storage.Clustering;

/// <summary>The shared medium of <see cref="InMemoryClusterChannel"/>s: one per process for one silo, one per test cluster.</summary>
public sealed class InMemoryClusterNetwork
{
    private ImmutableArray<InMemoryClusterChannel> _channels = [];

    internal void Join(InMemoryClusterChannel channel) => ImmutableInterlocked.Update(ref _channels, c => c.Add(channel));

    /// <summary>Removes a channel whose silo stopped.</summary>
    public void Leave(InMemoryClusterChannel channel) => ImmutableInterlocked.Update(ref _channels, c => c.Remove(channel));

    internal Task DeliverAsync(ClusterMessage message) => Task.WhenAll(_channels.Select(c => c.DeliverAsync(message)));
}
