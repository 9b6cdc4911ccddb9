using ChatBlock.Storage.Clustering;

namespace ChatBlock.Storage.Memory;

/// <content>Group membership (SPEC section 10): creating a group checked against blocks, adding members, leaving.</content>
public sealed partial class MemoryChatStore
{
    /// <inheritdoc />
    /// <remarks>The check and the insert happen under the database's one lock, so the check is exact.</remarks>
    public async Task<GroupChange> CreateGroupAsync(
        ConversationRecord conversation, GroupBlockCheck check, CancellationToken cancellationToken = default)
    {
        GroupChange change;
        lock (_gate)
        {
            var creatorId = conversation.ParticipantIds[0];
            change = GroupAdmission.ForCreate(
                conversation, Blockers(creatorId, conversation.ParticipantIds.Skip(1), check, conversation.CreatedAt), check);
            if (change.Conversation is not { } stored)
            {
                return change;
            }

            database.Conversations.Add(stored.Id, stored);
        }

        await channel.PublishAsync(ClusterTopics.Conversations, conversation.Id.ToString(), cancellationToken).ConfigureAwait(false);
        return change;
    }

    /// <inheritdoc />
    public async Task<GroupChange> AddGroupMembersAsync(
        Guid conversationId, Guid adderId, IReadOnlyList<Guid> userIds, GroupBlockCheck check, DateTimeOffset at,
        CancellationToken cancellationToken = default)
    {
        GroupChange change;
        lock (_gate)
        {
            if (database.Conversations.GetValueOrDefault(conversationId) is not { Kind: ConversationKind.Group } group
                || !group.ParticipantIds.Contains(adderId))
            {
                return new GroupChange(null, []);
            }

            var candidates = GroupAdmission.Candidates(group, userIds);
            (change, var added) = GroupAdmission.ForAdd(group, candidates, Blockers(adderId, candidates, check, at), check);
            if (added.Count == 0)
            {
                return change;
            }

            database.Conversations[conversationId] = change.Conversation!;
        }

        await channel.PublishAsync(ClusterTopics.Conversations, conversationId.ToString(), cancellationToken).ConfigureAwait(false);
        return change;
    }

    /// <inheritdoc />
    public async Task<ConversationRecord?> LeaveGroupAsync(Guid conversationId, Guid userId, CancellationToken cancellationToken = default)
    {
        ConversationRecord updated;
        lock (_gate)
        {
            if (database.Conversations.GetValueOrDefault(conversationId) is not { Kind: ConversationKind.Group } group
                || !group.ParticipantIds.Contains(userId))
            {
                return null;
            }

            updated = group with { ParticipantIds = [.. group.ParticipantIds.Where(id => id != userId)] };
            database.Conversations[conversationId] = updated;
        }

        await channel.PublishAsync(ClusterTopics.Conversations, conversationId.ToString(), cancellationToken).ConfigureAwait(false);
        return updated;
    }

    // Under the lock: the candidates who block the actor at `at`, unless blocks are not consulted.
    private List<Guid> Blockers(Guid actorId, IEnumerable<Guid> candidates, GroupBlockCheck check, DateTimeOffset at) =>
        check == GroupBlockCheck.None
            ? []
            : candidates.Distinct().Where(id => id != actorId && IsBlocking(id, actorId, at)).ToList();
}
