using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ChatBlock.Storage.Sqlite;

/// <content>Conversations and messages, with the exact send gate of SPEC section 3.</content>
public sealed partial class SqliteChatStore
{
    private const string ConversationColumns = "c.id, c.kind, c.title, c.created_at";

    /// <inheritdoc />
    /// <remarks>A new conversation lists <paramref name="userA"/> first; the check, insert and opening share one transaction.</remarks>
    public async Task<(ConversationRecord Conversation, bool Created)> GetOrCreateDirectConversationAsync(
        Guid userA, Guid userB, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var opened = await OpenDirectAsync(connection, transaction, userA, userB, at, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return opened;
    }

    /// <inheritdoc />
    public async Task<ConversationRecord?> GetConversationAsync(Guid conversationId, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTracing.Start(StoreTracing.Sqlite);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindConversationAsync(connection, null, "c.id = $key", SqliteMapping.Text(conversationId), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Activity is the time of the conversation's last message the user may see (another's sender-only message would leak a block),
    /// else its creation. Every conversation of the user is ranked (bounded by how many they are in);
    /// only the page is read with its participants.
    /// </remarks>
    public async Task<ConversationPage> GetConversationsOfUserAsync(
        Guid userId, int limit, ConversationCursor? after, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var rows = await connection.Command(
            $"""
            WITH mine AS (
                SELECT c.id, c.kind, c.title, c.created_at, p.opened_at,
                       (SELECT m.created_at FROM messages m
                        WHERE m.conversation_id = c.id AND (m.sender_only = 0 OR m.sender_id = $user)
                        ORDER BY m.seq DESC LIMIT 1) AS last_at
                FROM conversation_participants p JOIN conversations c ON c.id = p.conversation_id
                WHERE p.user_id = $user),
            listed AS (
                SELECT id, kind, title, created_at, coalesce(last_at, created_at) AS activity FROM mine
                WHERE kind = 'group' OR last_at IS NOT NULL OR opened_at IS NOT NULL)
            SELECT id, kind, title, created_at, activity FROM listed
            WHERE $afterAt IS NULL OR activity < $afterAt OR (activity = $afterAt AND id < $afterId)
            ORDER BY activity DESC, id DESC LIMIT $limit;
            """, transaction)
            .With("$user", userId).With("$afterAt", after?.ActivityAt).With("$afterId", after?.ConversationId)
            .With("$limit", limit + 1)
            .ReadAllAsync(r => (Conversation: ReadConversation(r), Activity: r.GetTime(4)), cancellationToken).ConfigureAwait(false);
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new ConversationCursor(page[^1].Activity, page[^1].Conversation.Id) : null;
        if (page.Count == 0)
        {
            return new ConversationPage([], next);
        }

        var select = connection.Command(
            """
            SELECT conversation_id, user_id FROM conversation_participants
            WHERE conversation_id IN (SELECT value FROM json_each($ids))
            ORDER BY conversation_id, position;
            """, transaction)
            .With("$ids", JsonSerializer.Serialize(page.Select(r => SqliteMapping.Text(r.Conversation.Id))));
        var participants = (await select
            .ReadAllAsync(r => (Conversation: r.GetId(0), User: r.GetId(1)), cancellationToken).ConfigureAwait(false))
            .ToLookup(p => p.Conversation, p => p.User);
        return new ConversationPage(
            [.. page.Select(r => r.Conversation with { ParticipantIds = [.. participants[r.Conversation.Id]] })], next);
    }

    /// <inheritdoc />
    /// <remarks>The check of both directions and the insert share one <c>BEGIN IMMEDIATE</c> transaction (SPEC section 3).</remarks>
    public async Task<DirectSendOutcome> AppendDirectMessageAsync(
        MessageRecord message, Guid recipientId, bool senderOnlyWhenRecipientBlocks, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTracing.Start(StoreTracing.Sqlite);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        // A block counts while the message's time is before its expiry (SPEC section 10).
        var (senderBlocks, recipientBlocks) = await connection.Command(
            $"""
            SELECT EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $sender AND blocked_id = $recipient AND {ActiveAt("$at")}),
                   EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $recipient AND blocked_id = $sender AND {ActiveAt("$at")});
            """, transaction).With("$sender", message.SenderId).With("$recipient", recipientId).With("$at", message.CreatedAt)
            .ReadFirstOrDefaultAsync(r => (r.GetInt64(0) != 0, r.GetInt64(1) != 0), cancellationToken).ConfigureAwait(false);

        if (senderBlocks)
        {
            return DirectSendOutcome.SenderBlocksRecipient;
        }

        if (recipientBlocks && !senderOnlyWhenRecipientBlocks)
        {
            return DirectSendOutcome.RecipientBlocksSender;
        }

        await InsertMessageAsync(connection, transaction, message with { SenderOnly = recipientBlocks }, cancellationToken)
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return recipientBlocks ? DirectSendOutcome.StoredSenderOnly : DirectSendOutcome.Stored;
    }

    /// <inheritdoc />
    public async Task AppendGroupMessageAsync(MessageRecord message, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await InsertMessageAsync(connection, null, message with { SenderOnly = false }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MessageRecord>> GetMessagesAsync(
        Guid conversationId, Guid viewerId, Guid? before, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0)
        {
            return [];
        }

        // An unknown cursor makes the subquery NULL and so the page empty.
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.Command(
            $"""
            SELECT {SqliteMapping.MessageColumns} FROM messages
            WHERE conversation_id = $conversation AND (sender_only = 0 OR sender_id = $viewer)
              AND ($before IS NULL OR seq < (SELECT b.seq FROM messages b WHERE b.id = $before AND b.conversation_id = $conversation))
            ORDER BY seq DESC LIMIT $limit;
            """)
            .With("$conversation", conversationId).With("$viewer", viewerId).With("$before", before).With("$limit", limit)
            .ReadAllAsync(SqliteMapping.ReadMessage, cancellationToken).ConfigureAwait(false);
    }

    // The pair's direct conversation, created if absent, opened by openerId; FirstOpen: new to the opener.
    private static async Task<(ConversationRecord Conversation, bool FirstOpen)> OpenDirectAsync(
        SqliteConnection connection, SqliteTransaction transaction, Guid openerId, Guid otherId, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var (conversation, _) = await GetOrCreateDirectAsync(connection, transaction, openerId, otherId, at, cancellationToken)
            .ConfigureAwait(false);
        var opened = await connection.Command(
            """
            UPDATE conversation_participants SET opened_at = $at
            WHERE conversation_id = $conversation AND user_id = $user AND opened_at IS NULL;
            """, transaction)
            .With("$at", at).With("$conversation", conversation.Id).With("$user", openerId)
            .RunAsync(cancellationToken).ConfigureAwait(false);
        return (conversation, opened == 1);
    }

    private static async Task<(ConversationRecord Conversation, bool Created)> GetOrCreateDirectAsync(
        SqliteConnection connection, SqliteTransaction transaction, Guid userA, Guid userB, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var key = UserPair.Of(userA, userB).Key;
        var existing = await FindConversationAsync(connection, transaction, "c.direct_key = $key", key, cancellationToken)
            .ConfigureAwait(false);
        if (existing is not null)
        {
            return (existing, false);
        }

        var conversation = new ConversationRecord(Guid.CreateVersion7(), ConversationKind.Direct, null, [userA, userB], at);
        await InsertConversationAsync(connection, transaction, conversation, key, cancellationToken).ConfigureAwait(false);
        return (conversation, true);
    }

    private static async Task<ConversationRecord?> FindConversationAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string condition, string key, CancellationToken cancellationToken)
    {
        var rows = await connection.Command(
            $"""
            SELECT {ConversationColumns}, p.user_id FROM conversations c
            LEFT JOIN conversation_participants p ON p.conversation_id = c.id
            WHERE {condition} ORDER BY p.position;
            """, transaction).With("$key", key)
            .ReadAllAsync(r => (Conversation: ReadConversation(r), Participant: r.IsDBNull(4) ? null : (Guid?)r.GetId(4)),
                cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0].Conversation with { ParticipantIds = [.. rows.Select(r => r.Participant).OfType<Guid>()] };
    }

    // The conversation columns from column 0; the participants are read apart.
    private static ConversationRecord ReadConversation(DbDataReader reader) =>
        new(reader.GetId(0), SqliteMapping.ParseKind(reader.GetString(1)), reader.GetNullableString(2), [], reader.GetTime(3));

    private static async Task InsertConversationAsync(
        SqliteConnection connection, SqliteTransaction transaction, ConversationRecord conversation, string? directKey,
        CancellationToken cancellationToken)
    {
        await connection.Command(
            "INSERT INTO conversations (id, kind, title, direct_key, created_at) VALUES ($id, $kind, $title, $directKey, $createdAt);",
            transaction)
            .With("$id", conversation.Id).With("$kind", SqliteMapping.Text(conversation.Kind)).With("$title", conversation.Title)
            .With("$directKey", directKey).With("$createdAt", conversation.CreatedAt).RunAsync(cancellationToken).ConfigureAwait(false);

        await using var participant = connection.Command(
            "INSERT INTO conversation_participants (conversation_id, user_id, position) VALUES ($conversation, $user, $position);",
            transaction)
            .With("$conversation", conversation.Id).With("$user", Guid.Empty).With("$position", 0);
        for (var position = 0; position < conversation.ParticipantIds.Count; position++)
        {
            participant.Parameters["$user"].Value = SqliteMapping.Text(conversation.ParticipantIds[position]);
            participant.Parameters["$position"].Value = position;
            await participant.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task InsertMessageAsync(
        SqliteConnection connection, SqliteTransaction? transaction, MessageRecord message, CancellationToken cancellationToken)
    {
        await connection.Command(
            $"""
            INSERT INTO messages ({SqliteMapping.MessageColumns})
            VALUES ($id, $conversation, $sender, $content, $type, $at, $senderOnly);
            """,
            transaction)
            .With("$id", message.Id).With("$conversation", message.ConversationId).With("$sender", message.SenderId)
            .With("$content", message.Content).With("$type", message.MessageType).With("$at", message.CreatedAt)
            .With("$senderOnly", message.SenderOnly).RunAsync(cancellationToken).ConfigureAwait(false);
    }
}
