using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace ChatBlock.Grains.Conversations;

/// <summary>
/// Finds and creates conversations and routes a conversation id to the grain of its kind. A conversation's kind never changes,
/// so it is cached without expiry (bounded by size).
/// </summary>
public sealed class ConversationDirectory(IChatStore store, IGrainFactory grains, TimeProvider timeProvider)
{
    private readonly MemoryCache _kinds = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    /// <summary>The grain for conversation <paramref name="conversationId"/>, or null when no such conversation exists.</summary>
    public async Task<IConversationGrain?> GetGrainAsync(Guid conversationId, CancellationToken cancellationToken = default)
    {
        if (!_kinds.TryGetValue(conversationId, out ConversationKind kind))
        {
            var record = await store.GetConversationAsync(conversationId, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return null;
            }

            kind = record.Kind;
            _kinds.Set(conversationId, kind, new MemoryCacheEntryOptions { Size = 1 });
        }

        return kind == ConversationKind.Direct
            ? grains.GetGrain<IDirectConversationGrain>(conversationId)
            : grains.GetGrain<IGroupConversationGrain>(conversationId);
    }

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
        return (ToInfo(record), created);
    }

    /// <summary>Creates a group of the caller and <paramref name="memberIds"/> (existing users, duplicates ignored).</summary>
    public async Task<ConversationInfo> CreateGroupAsync(
        Guid callerId, string title, IEnumerable<Guid> memberIds, CancellationToken cancellationToken = default)
    {
        var participants = new[] { callerId }.Concat(memberIds).Distinct().ToList();
        var record = new ConversationRecord(
            Guid.CreateVersion7(), ConversationKind.Group, title, participants, StoreClock.Now(timeProvider));
        await store.CreateGroupConversationAsync(record, cancellationToken).ConfigureAwait(false);
        return ToInfo(record);
    }

    /// <summary>
    /// One page of the conversations listed to <paramref name="userId"/>, most recent activity first (see
    /// <see cref="IChatStore.GetConversationsOfUserAsync"/>), <paramref name="limit"/> at most, after <paramref name="after"/>.
    /// </summary>
    public async Task<(IReadOnlyList<ConversationInfo> Items, ConversationCursor? Next)> ListAsync(
        Guid userId, int limit, ConversationCursor? after, CancellationToken cancellationToken = default)
    {
        var page = await store.GetConversationsOfUserAsync(userId, limit, after, cancellationToken).ConfigureAwait(false);
        return ([.. page.Items.Select(ToInfo)], page.Next);
    }

    private static ConversationInfo ToInfo(ConversationRecord r) =>
        new(r.Id, r.Kind == ConversationKind.Direct, r.Title, r.ParticipantIds, r.CreatedAt);
}
