using ChatBlock.Storage.Clustering;
using Npgsql;

namespace ChatBlock.Storage.Postgres;

/// <content>
/// Group membership (SPEC section 10). A change that puts users together takes, in one transaction, the group's row lock (adds),
/// then the advisory lock of each (actor, new member) pair shared and in key order, then reads the blocks and writes: block
/// changes take the same pair locks exclusively, so a block committed before the change is seen, and one made during it waits
/// for the change to commit (and is then a block of an existing group member, which SPEC section 10 allows). Changes notify
/// <see cref="ClusterTopics.Conversations"/> inside the transaction.
/// </content>
public sealed partial class PostgresChatStore
{
    /// <inheritdoc />
    public async Task<GroupChange> CreateGroupAsync(
        ConversationRecord conversation, GroupBlockCheck check, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var created = await GroupAdmission.ForCreateAsync(conversation, check, (creatorId, others) =>
            BlockersAsync(connection, transaction, creatorId, others, check, cancellationToken)).ConfigureAwait(false);
        if (created.Conversation is not { } stored)
        {
            return created;
        }

        await InTransaction(
            connection, transaction, PostgresSql.InsertGroupConversation,
            Value(stored.Id), Text(stored.Title), Time(stored.CreatedAt), Value(stored.ParticipantIds.ToArray()))
            .RunAsync(cancellationToken).ConfigureAwait(false);
        await NotifyConversationAsync(connection, transaction, stored.Id, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return created;
    }

    /// <inheritdoc />
    public async Task<GroupChange> AddGroupMembersAsync(
        Guid conversationId, Guid adderId, IReadOnlyList<Guid> userIds, GroupBlockCheck check,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var group = await LockGroupAsync(connection, transaction, conversationId, cancellationToken).ConfigureAwait(false);
        var (addition, added) = await GroupAdmission.ForAddAsync(group, adderId, userIds, check, candidates =>
            BlockersAsync(connection, transaction, adderId, candidates, check, cancellationToken)).ConfigureAwait(false);
        if (added.Count == 0)
        {
            return addition;
        }

        await InTransaction(
            connection, transaction,
            """
            INSERT INTO conversation_participants (conversation_id, user_id, position)
            SELECT $1, a.user_id, (SELECT coalesce(max(position), -1) FROM conversation_participants WHERE conversation_id = $1)
                                  + a.ordinality
            FROM unnest($2::uuid[]) WITH ORDINALITY AS a (user_id, ordinality)
            """,
            Value(conversationId), Value(added.ToArray()))
            .RunAsync(cancellationToken).ConfigureAwait(false);
        await NotifyConversationAsync(connection, transaction, conversationId, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return addition;
    }

    /// <inheritdoc />
    public async Task<ConversationRecord?> LeaveGroupAsync(Guid conversationId, Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var group = await LockGroupAsync(connection, transaction, conversationId, cancellationToken).ConfigureAwait(false);
        if (group is null || !group.ParticipantIds.Contains(userId))
        {
            return null;
        }

        await InTransaction(
            connection, transaction,
            "DELETE FROM conversation_participants WHERE conversation_id = $1 AND user_id = $2",
            Value(conversationId), Value(userId))
            .RunAsync(cancellationToken).ConfigureAwait(false);
        await NotifyConversationAsync(connection, transaction, conversationId, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return group with { ParticipantIds = [.. group.ParticipantIds.Where(id => id != userId)] };
    }

    // The group with its row locked until the transaction ends (membership changes of one group queue), or null.
    private static async Task<ConversationRecord?> LockGroupAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid conversationId, CancellationToken cancellationToken)
    {
        var kind = await InTransaction(
            connection, transaction, "SELECT kind FROM conversations WHERE id = $1 FOR UPDATE", Value(conversationId))
            .ScalarAsync(cancellationToken).ConfigureAwait(false);
        if (kind as string != "group")
        {
            return null;
        }

        await using var select = InTransaction(
            connection, transaction, $"SELECT {PostgresSql.ConversationColumns} FROM conversations c WHERE c.id = $1",
            Value(conversationId));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadConversation(reader) : null;
    }

    // The candidates who block the actor, read after taking each (actor, candidate) pair lock shared in key order.
    private static async Task<List<Guid>> BlockersAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid actorId, IReadOnlyList<Guid> candidates,
        GroupBlockCheck check, CancellationToken cancellationToken)
    {
        var others = candidates.Distinct().Where(id => id != actorId).ToArray();
        if (check == GroupBlockCheck.None || others.Length == 0)
        {
            return [];
        }

        var keys = others.Select(id => PostgresLockKeys.ForPair(UserPair.Of(actorId, id))).Distinct().Order().ToArray();
        await InTransaction(
            connection, transaction,
            "SELECT pg_advisory_xact_lock_shared(k) FROM (SELECT k FROM unnest($1::bigint[]) AS k ORDER BY k) AS ordered",
            Value(keys))
            .RunAsync(cancellationToken).ConfigureAwait(false);
        // The candidates' block list locks too, so a block list import of a candidate is wholly before or after this check.
        await InTransaction(
            connection, transaction, PostgresBlockListSql.LockUsersShared, Value(PostgresLockKeys.UserLockClass),
            Value(others.Select(PostgresLockKeys.ForUser).Distinct().Order().ToArray()))
            .RunAsync(cancellationToken).ConfigureAwait(false);

        var blockers = new List<Guid>();
        await using var select = InTransaction(
            connection, transaction, "SELECT blocker_id FROM blocks WHERE blocked_id = $1 AND blocker_id = ANY($2::uuid[])",
            Value(actorId), Value(others));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            blockers.Add(reader.GetGuid(0));
        }

        // In the order asked, so callers and tests see a stable list.
        return [.. others.Where(blockers.Contains)];
    }

    private Task NotifyConversationAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid conversationId, CancellationToken cancellationToken) =>
        InTransaction(
            connection, transaction, "SELECT pg_notify($1, $2)", Value(PostgresNotificationFormat.Channel),
            Value(PostgresNotificationFormat.Encode(
                new ClusterMessage(ClusterTopics.Conversations, conversationId.ToString(), channel.SiloId))))
            .RunAsync(cancellationToken);
}
