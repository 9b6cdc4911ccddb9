using ChatBlock.Storage.Clustering;
using Microsoft.Data.Sqlite;

namespace ChatBlock.Storage.Sqlite;

/// <content>Group membership (SPEC section 10): creating a group checked against blocks, adding members, leaving.</content>
public sealed partial class SqliteChatStore
{
    /// <inheritdoc />
    /// <remarks>
    /// The check and the insert share one <c>BEGIN IMMEDIATE</c> transaction, which excludes every other writer (block changes
    /// included), so the check is exact. Publishes <see cref="ClusterTopics.Conversations"/> after the commit.
    /// </remarks>
    public async Task<GroupChange> CreateGroupAsync(
        ConversationRecord conversation, GroupBlockCheck check, CancellationToken cancellationToken = default)
    {
        GroupChange change;
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            var created = await GroupAdmission.ForCreateAsync(conversation, check, (creatorId, others) =>
                BlockersAsync(connection, transaction, creatorId, others, check, conversation.CreatedAt, cancellationToken))
                .ConfigureAwait(false);
            if (created.Conversation is not { } stored)
            {
                return created;
            }

            await InsertConversationAsync(connection, transaction, stored, null, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            change = created;
        }

        await channel.PublishAsync(ClusterTopics.Conversations, conversation.Id.ToString(), cancellationToken).ConfigureAwait(false);
        return change;
    }

    /// <inheritdoc />
    /// <remarks>One <c>BEGIN IMMEDIATE</c> transaction, exact as <see cref="CreateGroupAsync"/>.</remarks>
    public async Task<GroupChange> AddGroupMembersAsync(
        Guid conversationId, Guid adderId, IReadOnlyList<Guid> userIds, GroupBlockCheck check, DateTimeOffset at,
        CancellationToken cancellationToken = default)
    {
        GroupChange change;
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            var group = await FindConversationAsync(
                connection, transaction, "c.id = $key", SqliteMapping.Text(conversationId), cancellationToken).ConfigureAwait(false);
            var (addition, added) = await GroupAdmission.ForAddAsync(group, adderId, userIds, check, candidates =>
                BlockersAsync(connection, transaction, adderId, candidates, check, at, cancellationToken)).ConfigureAwait(false);
            if (added.Count == 0)
            {
                return addition;
            }

            await using (var insert = connection.Command(
                """
                INSERT INTO conversation_participants (conversation_id, user_id, position)
                VALUES ($conversation, $user,
                        (SELECT coalesce(max(position), -1) + 1 FROM conversation_participants WHERE conversation_id = $conversation));
                """, transaction).With("$conversation", conversationId).With("$user", Guid.Empty))
            {
                foreach (var userId in added)
                {
                    insert.Parameters["$user"].Value = SqliteMapping.Text(userId);
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            change = addition;
        }

        await channel.PublishAsync(ClusterTopics.Conversations, conversationId.ToString(), cancellationToken).ConfigureAwait(false);
        return change;
    }

    /// <inheritdoc />
    public async Task<ConversationRecord?> LeaveGroupAsync(Guid conversationId, Guid userId, CancellationToken cancellationToken = default)
    {
        ConversationRecord? updated;
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            var removed = await connection.Command(
                """
                DELETE FROM conversation_participants
                WHERE conversation_id = $conversation AND user_id = $user
                  AND EXISTS (SELECT 1 FROM conversations WHERE id = $conversation AND kind = 'group');
                """, transaction).With("$conversation", conversationId).With("$user", userId)
                .RunAsync(cancellationToken).ConfigureAwait(false);
            if (removed == 0)
            {
                return null;
            }

            updated = await FindConversationAsync(
                connection, transaction, "c.id = $key", SqliteMapping.Text(conversationId), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await channel.PublishAsync(ClusterTopics.Conversations, conversationId.ToString(), cancellationToken).ConfigureAwait(false);
        return updated;
    }

    // In the transaction: the candidates who block the actor at `at`, unless blocks are not consulted.
    private static async Task<List<Guid>> BlockersAsync(
        SqliteConnection connection, SqliteTransaction transaction, Guid actorId, IReadOnlyList<Guid> candidates,
        GroupBlockCheck check, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var blockers = new List<Guid>();
        if (check == GroupBlockCheck.None || candidates.Count == 0)
        {
            return blockers;
        }

        await using var select = connection.Command(
            $"SELECT EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $candidate AND blocked_id = $actor AND {ActiveAt("$at")});",
            transaction)
            .With("$actor", actorId).With("$candidate", Guid.Empty).With("$at", at);
        foreach (var candidateId in candidates.Distinct().Where(id => id != actorId))
        {
            select.Parameters["$candidate"].Value = SqliteMapping.Text(candidateId);
            if (await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long and not 0)
            {
                blockers.Add(candidateId);
            }
        }

        return blockers;
    }
}
