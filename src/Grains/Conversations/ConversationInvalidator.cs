using ChatBlock.Storage.Clustering;

namespace ChatBlock.Grains.Conversations;

/// <summary>
/// Keeps this silo's <see cref="ConversationRouter"/> copies of group records fresh across silos (SPEC section 10): when another
/// silo changes a group's participants (<see cref="ClusterTopics.Conversations"/>), the copy here is stamped stale, so the next
/// call reads it again; while the channel has lost its connection every copy is distrusted, and when it is back every copy is
/// stamped stale. The same scheme as <see cref="Users.UserGrainInvalidator"/> for block sets; it takes no grain turn.
/// </summary>
internal sealed class ConversationInvalidator(IClusterChannel channel, ConversationRouter router)
    : ClusterTopicObserver(channel, ClusterTopics.Conversations)
{
    // The silo that made the change stored the new record in its router itself.
    protected override Task OnChangedAsync(Guid id)
    {
        router.Invalidate(id);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync()
    {
        router.StopTrusting();
        return Task.CompletedTask;
    }

    public override Task OnResetAsync()
    {
        router.InvalidateAll(trust: true);
        return Task.CompletedTask;
    }
}
