using System.Collections.Immutable;

namespace ChatBlock.Storage.Clustering;

/// <summary>
/// <see cref="IClusterChannel"/> for silos in one process: every channel created over the same <see cref="InMemoryClusterNetwork"/>
/// receives every message, synchronously, before <see cref="PublishAsync(string, string, CancellationToken)"/> completes.
/// </summary>
public sealed class InMemoryClusterChannel : IClusterChannel
{
    private readonly InMemoryClusterNetwork _network;
    private ImmutableArray<IClusterObserver> _observers = [];

    /// <summary>Joins <paramref name="network"/> as <paramref name="siloId"/>.</summary>
    public InMemoryClusterChannel(InMemoryClusterNetwork network, string siloId)
    {
        _network = network;
        SiloId = siloId;
        network.Join(this);
    }

    /// <inheritdoc />
    public string SiloId { get; }

    /// <inheritdoc />
    public Task PublishAsync(string topic, string payload, CancellationToken cancellationToken = default) =>
        _network.DeliverAsync(new ClusterMessage(topic, payload, SiloId, DateTimeOffset.UtcNow));

    /// <inheritdoc />
    public async Task PublishAsync(string topic, IReadOnlyList<string> payloads, CancellationToken cancellationToken = default)
    {
        foreach (var payload in payloads)
        {
            await PublishAsync(topic, payload, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public IDisposable Subscribe(IClusterObserver observer)
    {
        ImmutableInterlocked.Update(ref _observers, o => o.Add(observer));
        return new Subscription(() => ImmutableInterlocked.Update(ref _observers, o => o.Remove(observer)));
    }

    /// <summary>Simulates a lost and restored connection: every observer of this channel is told to drop its caches.</summary>
    public Task ResetAsync() => Task.WhenAll(_observers.Select(o => o.OnResetAsync()));

    internal Task DeliverAsync(ClusterMessage message) => Task.WhenAll(_observers.Select(o => o.OnMessageAsync(message)));

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
