namespace ChatBlock.Storage.Memory;

/// <content>A user's messages across conversations, as live events read them.</content>
public sealed partial class MemoryChatStore
{
    /// <inheritdoc />
    public Task<MessageRecord?> GetMessageAsync(Guid messageId, Guid viewerId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(VisibleMessages(viewerId).FirstOrDefault(m => m.Id == messageId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MessageRecord>> GetMessagesSinceAsync(
        Guid viewerId, DateTimeOffset afterTime, Guid afterId, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<MessageRecord> found = VisibleMessages(viewerId)
                .Where(m => m.CreatedAt > afterTime || (m.CreatedAt == afterTime && m.Id.CompareTo(afterId) > 0))
                .OrderBy(m => m.CreatedAt)
                .ThenBy(m => m.Id)
                .Take(limit)
                .ToList();
            return Task.FromResult(found);
        }
    }

    // Every message of the viewer's conversations that the viewer may see (others' sender-only messages left out).
    private IEnumerable<MessageRecord> VisibleMessages(Guid viewerId) =>
        database.Conversations.Values
            .Where(c => c.ParticipantIds.Contains(viewerId))
            .SelectMany(c => database.Messages.GetValueOrDefault(c.Id) ?? [])
            .Where(m => !m.SenderOnly || m.SenderId == viewerId);
}
