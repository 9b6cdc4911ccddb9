using ChatBlock.Grains.Telemetry;
using ChatBlock.Storage.Clustering;
using Microsoft.Extensions.Hosting;

namespace ChatBlock.Grains;

/// <summary>
/// The plumbing every cross-silo invalidator shares (SPEC section 10): subscribes to the cluster channel when the host starts and
/// unsubscribes when it stops, keeps only messages on one <see cref="ClusterTopics">topic</see> that another silo sent (the silo
/// that made a change updated its own copies in the same turn), and hands on the <see cref="Guid"/> each payload carries.
/// A payload that is not a Guid is ignored.
/// </summary>
/// <param name="channel">The cluster channel to listen on.</param>
/// <param name="topic">The one topic this observer acts on.</param>
internal abstract class ClusterTopicObserver(IClusterChannel channel, string topic) : IHostedService, IClusterObserver
{
    private IDisposable? _subscription;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = channel.Subscribe(this);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>Records the time from the message's sending to its application as <c>chatblock.invalidation.lag</c>.</remarks>
    public Task OnMessageAsync(ClusterMessage message) =>
        message.Topic == topic && message.OriginSiloId != channel.SiloId && Guid.TryParse(message.Payload, out var id)
            ? ApplyAsync(id, message.SentAt)
            : Task.CompletedTask;

    /// <inheritdoc />
    public virtual Task OnDisconnectedAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public abstract Task OnResetAsync();

    private async Task ApplyAsync(Guid id, DateTimeOffset? sentAt)
    {
        await OnChangedAsync(id).ConfigureAwait(false);
        ChatBlockMetrics.InvalidationApplied(topic, sentAt);
    }

    /// <summary>Another silo changed what <paramref name="id"/> names on this observer's topic.</summary>
    /// <param name="id">The id the message carried (a user or a conversation, by topic).</param>
    protected abstract Task OnChangedAsync(Guid id);
}
