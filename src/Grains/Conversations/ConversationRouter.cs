using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using ChatBlock.Grains.Users;
using ChatBlock.Storage.Clustering;
using Microsoft.Extensions.Caching.Memory;

namespace ChatBlock.Grains.Conversations;

/// <summary>
/// Routes a conversation id to the grain of its kind, and finds, creates and lists conversations (stateless work straight
/// against storage, an Orleans <c>[StatelessWorker]</c> in spirit).
/// </summary>
/// <remarks>
/// A cold send reads the conversation record once: the router needs its kind to pick the grain class, so it reads the record
/// and keeps it here, and the conversation grains take the same record from <see cref="FindAsync"/> instead of reading storage
/// again. A direct conversation's record never changes; a group's participants change when members are added or leave (SPEC
/// section 10). Each copy is kept with the stamp taken before it was read (the scheme of <see cref="BlockSetStamps"/>, a private
/// instance): the silo that changes a group stores the new record here itself (<see cref="Remember"/>), and
/// <see cref="ConversationInvalidator"/> stamps a group when another silo changed it (<see cref="ClusterTopics.Conversations"/>),
/// distrusts every copy while the cluster channel is not listening and stamps them all when it is back. A copy read before its
/// stamp is not used again, so a member change committed anywhere is seen by this silo's next call once its notification has
/// arrived; until then a silo may serve the previous participant list (sends of a member who just left, for instance, are
/// accepted there for that moment). Copies are bounded by size (one unit per participant); unknown ids are not remembered.
/// </remarks>
public sealed class ConversationRouter(IChatStore store, IGrainFactory grains, TimeProvider timeProvider)
{
    private readonly MemoryCache _records = new(new MemoryCacheOptions { SizeLimit = 1_000_000 });
    private readonly BlockSetStamps _stamps = new();

    /// <summary>The grain for conversation <paramref name="conversationId"/>, or null when no such conversation exists.</summary>
    public async Task<IConversationGrain?> GetGrainAsync(Guid conversationId, CancellationToken cancellationToken = default) =>
        await FindAsync(conversationId, cancellationToken).ConfigureAwait(false) switch
        {
            null => null,
            { Kind: ConversationKind.Direct } => grains.GetGrain<IDirectConversationGrain>(conversationId),
            _ => grains.GetGrain<IGroupConversationGrain>(conversationId),
        };

    /// <summary>
    /// <paramref name="callerId"/> opens the direct conversation of the pair, created if absent; allowed whatever the blocks (SPEC
    /// section 4). <c>Created</c> is true when it is new to the caller: created now, or the caller had not opened it before (one
    /// that a block created looks new to the blocked user, issue 11 item 12).
    /// </summary>
    public async Task<(ConversationInfo Conversation, bool Created)> OpenDirectAsync(
        Guid callerId, Guid otherId, CancellationToken cancellationToken = default)
    {
        var (record, created) = await store
            .GetOrCreateDirectConversationAsync(callerId, otherId, StoreClock.Now(timeProvider), cancellationToken)
            .ConfigureAwait(false);
        return (record.ToInfo(), created);
    }

    /// <summary>
    /// Creates a group of the caller and <paramref name="memberIds"/> (existing users other than the caller, duplicates ignored) in
    /// the new group's grain, checked against blocks as <see cref="IGroupConversationGrain.CreateAsync"/> says.
    /// </summary>
    public Task<GroupChangeResult> CreateGroupAsync(Guid callerId, string title, IEnumerable<Guid> memberIds) =>
        grains.GetGrain<IGroupConversationGrain>(Guid.CreateVersion7())
            .CreateAsync(callerId, title, memberIds.Where(id => id != callerId).Distinct().ToList());

    /// <summary>
    /// One page of the conversations listed to <paramref name="userId"/>, most recent activity first (see
    /// <see cref="IChatStore.GetConversationsOfUserAsync"/>), <paramref name="limit"/> at most, after <paramref name="after"/>.
    /// </summary>
    public async Task<(IReadOnlyList<ConversationInfo> Items, ConversationCursor? Next)> ListAsync(
        Guid userId, int limit, ConversationCursor? after, CancellationToken cancellationToken = default)
    {
        var page = await store.GetConversationsOfUserAsync(userId, limit, after, cancellationToken).ConfigureAwait(false);
        return ([.. page.Items.Select(r => r.ToInfo())], page.Next);
    }

    /// <summary>The stored conversation, from this silo's copy or else read once from storage; null when there is none.</summary>
    internal async Task<ConversationRecord?> FindAsync(Guid conversationId, CancellationToken cancellationToken = default)
    {
        if (_records.TryGetValue(conversationId, out Entry? known) && _stamps.IsFresh(conversationId, known!.LoadedAt))
        {
            return known.Record;
        }

        var loadedAt = _stamps.Now;
        var record = await store.GetConversationAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (record is not null)
        {
            Remember(record, loadedAt);
        }

        return record;
    }

    /// <summary>The stamp to take before a change whose result is then passed to <see cref="Remember"/>.</summary>
    internal long Stamp => _stamps.Now;

    /// <summary>
    /// Keeps <paramref name="record"/>, as stored by a change that began at <paramref name="loadedAt"/> (<see cref="Stamp"/>); a
    /// change of the same group on another silo stamped since makes it stale at once.
    /// </summary>
    internal void Remember(ConversationRecord record, long loadedAt) =>
        _records.Set(record.Id, new Entry(record, loadedAt), new MemoryCacheEntryOptions { Size = 1 + record.ParticipantIds.Count });

    /// <summary>Another silo changed the participants of <paramref name="conversationId"/>: this silo's copy is stale.</summary>
    internal void Invalidate(Guid conversationId) => _stamps.Invalidate(conversationId);

    /// <summary>
    /// Notifications may have been missed: every copy is stale; with <paramref name="trust"/>, new copies are kept again.
    /// </summary>
    internal void InvalidateAll(bool trust) => _stamps.InvalidateAll(trust);

    /// <summary>The cluster channel stopped listening: every call reads storage until <see cref="InvalidateAll"/> with trust.</summary>
    internal void StopTrusting() => _stamps.StopTrusting();

    private sealed record Entry(ConversationRecord Record, long LoadedAt);
}
