namespace ChatBlock.Storage.Clustering;

/// <summary>
/// Fan-out of small notifications to every silo sharing one database: in memory for one process, PostgreSQL
/// <c>LISTEN/NOTIFY</c> for a cluster. This is not a cluster protocol: no membership, no acknowledgement, no remote calls.
/// </summary>
public interface IClusterChannel
{
    /// <summary>This silo's id, stamped on what it publishes.</summary>
    string SiloId { get; }

    /// <summary>Sends <paramref name="topic"/>/<paramref name="payload"/> to every subscriber on every silo, this one included.</summary>
    Task PublishAsync(string topic, string payload, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends several payloads of one topic, in order, in one round trip where the medium allows it (one batch of
    /// <c>pg_notify</c> calls on PostgreSQL).
    /// </summary>
    Task PublishAsync(string topic, IReadOnlyList<string> payloads, CancellationToken cancellationToken = default);

    /// <summary>Registers <paramref name="observer"/> until the returned handle is disposed.</summary>
    IDisposable Subscribe(IClusterObserver observer);
}

/// <summary>Receives what the <see cref="IClusterChannel"/> delivers. Callbacks must not block; they may run concurrently.</summary>
public interface IClusterObserver
{
    /// <summary>A message arrived.</summary>
    Task OnMessageAsync(ClusterMessage message);

    /// <summary>
    /// The channel lost its connection: until <see cref="OnResetAsync"/>, changes on other silos may go unheard, so cached copies
    /// are not to be trusted (issue 11, item 3). The in-memory channel never loses its connection. Does nothing unless overridden.
    /// </summary>
    Task OnDisconnectedAsync() => Task.CompletedTask;

    /// <summary>
    /// The channel lost its connection and is back: messages may have been missed, so every cached copy must be dropped.
    /// </summary>
    Task OnResetAsync();
}
