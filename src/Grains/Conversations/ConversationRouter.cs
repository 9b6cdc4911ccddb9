using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace ChatBlock.Grains.Conversations;

/// <summary>
/// Routes a conversation id to the grain of its kind, and finds, creates and lists conversations (stateless work straight
/// against storage, an Orleans <c>[StatelessWorker]</c> in spirit).
/// </summary>
/// <remarks>
/// A cold send reads the conversation record once: the router needs its kind to pick the grain class, so it reads the record
/// and keeps it here, and the grain's <see cref="ConversationGrain.OnActivateAsync"/> takes the same record from
/// <see cref="FindAsync"/> instead of reading storage again (a grain cannot be handed arguments on activation). A record does
/// not change once created (no route adds or removes participants), so the copy is kept without expiry, bounded by size (one
/// unit per participant); a route that changes participants must update it. Unknown ids are not remembered: a conversation
/// made on another silo a moment later is found then.
/// </remarks>
public sealed class ConversationRouter(IChatStore store, IGrainFactory grains, TimeProvider timeProvider)
{
    private readonly MemoryCache _records = new(new MemoryCacheOptions { SizeLimit = 1_000_000 });

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

    /// <summary>Creates a group of the caller and <paramref name="memberIds"/> (existing users, duplicates ignored).</summary>
    public async Task<ConversationInfo> CreateGroupAsync(
        Guid callerId, string title, IEnumerable<Guid> memberIds, CancellationToken cancellationToken = default)
    {
        var participants = new[] { callerId }.Concat(memberIds).Distinct().ToList();
        var record = new ConversationRecord(
            Guid.CreateVersion7(), ConversationKind.Group, title, participants, StoreClock.Now(timeProvider));
        await store.CreateGroupConversationAsync(record, cancellationToken).ConfigureAwait(false);
        return record.ToInfo();
    }

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
        if (_records.TryGetValue(conversationId, out ConversationRecord? known))
        {
            return known;
        }

        var record = await store.GetConversationAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (record is not null)
        {
            _records.Set(conversationId, record, new MemoryCacheEntryOptions { Size = 1 + record.ParticipantIds.Count });
        }

        return record;
    }
}
