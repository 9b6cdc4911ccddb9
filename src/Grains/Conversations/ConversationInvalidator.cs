using ChatBlock.Storage.Clustering;
using Microsoft.Extensions.Hosting;

namespace ChatBlock.Grains.Conversations;

/// <summary>
/// Keeps this silo's <see cref="ConversationRouter"/> copies of group records fresh across silos (SPEC section 10): when another
/// silo changes a group's participants (<see cref="ClusterTopics.Conversations"/>), the copy here is stamped stale, so the next
/// call reads it again; while the channel has lost its connection every copy is distrusted, and when it is back every copy is
/// stamped stale. The same scheme as <see cref="Users.UserGrainInvalidator"/> for block sets; it takes no grain turn.
/// </summary>
internal sealed class ConversationInvalidator(IClusterChannel channel, ConversationRouter router) : IHostedService, IClusterObserver
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = channel.Subscribe(this);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    public Task OnMessageAsync(ClusterMessage message)
    {
        // The silo that made the change stored the new record in its router itself.
        if (message.Topic == ClusterTopics.Conversations && message.OriginSiloId != channel.SiloId
            && Guid.TryParse(message.Payload, out var conversationId))
        {
            router.Invalidate(conversationId);
        }

        return Task.CompletedTask;
    }

    public Task OnDisconnectedAsync()
    {
        router.StopTrusting();
        return Task.CompletedTask;
    }

    public Task OnResetAsync()
    {
        router.InvalidateAll(trust: true);
        return Task.CompletedTask;
    }
}
