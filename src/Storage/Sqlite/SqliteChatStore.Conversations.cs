using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ChatBlock.Storage.Sqlite;

/// <content>Conversations and messages, with the exact send gate of SPEC section 3.</content>
public sealed partial class SqliteChatStore
{
    private const string ConversationColumns = "c.id, c.kind, c.title, c.created_at";

    /// <inheritdoc />
    /// <remarks>A new conversation lists <paramref name="userA"/> first.</remarks>
    public async Task<(ConversationRecord Conversation, bool Created)> GetOrCreateDirectConversationAsync(
        Guid userA, Guid userB, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var found = await GetOrCreateDirectAsync(connection, transaction, userA, userB, at, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <inheritdoc />
    public async Task CreateGroupConversationAsync(ConversationRecord conversation, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await InsertConversationAsync(connection, transaction, conversation, null, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ConversationRecord?> GetConversationAsync(Guid conversationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindConversationAsync(connection, null, "c.id = $key", SqliteMapping.Text(conversationId), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Activity is the time of the conversation's last message the user may see (another's sender-only message would leak a block),
    /// else its creation; ties go to the later message, then to the conversation created first.
    /// </remarks>
    public async Task<IReadOnlyList<ConversationRecord>> GetConversationsOfUserAsync(
        Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var conversations = await connection.Command(
            $"""
            SELECT {ConversationColumns} FROM conversation_participants p
            JOIN conversations c ON c.id = p.conversation_id
            LEFT JOIN messages m ON m.seq = (
                SELECT max(seq) FROM messages
                WHERE conversation_id = c.id AND (sender_only = 0 OR sender_id = $user))
            WHERE p.user_id = $user
            ORDER BY coalesce(m.created_at, c.created_at) DESC, coalesce(m.seq, 0) DESC, c.rowid;
            """, transaction).With("$user", userId)
            .ReadAllAsync(ReadConversation, cancellationToken).ConfigureAwait(false);
        var participants = (await connection.Command(
            """
            SELECT conversation_id, user_id FROM conversation_participants
            WHERE conversation_id IN (SELECT conversation_id FROM conversation_participants WHERE user_id = $user)
            ORDER BY conversation_id, position;
            """, transaction).With("$user", userId)
            .ReadAllAsync(r => (Conversation: r.GetId(0), User: r.GetId(1)), cancellationToken).ConfigureAwait(false))
            .ToLookup(p => p.Conversation, p => p.User);
        return conversations.Select(c => c with { ParticipantIds = [.. participants[c.Id]] }).ToList();
    }

    /// <inheritdoc />
    /// <remarks>The check of both directions and the insert share one <c>BEGIN IMMEDIATE</c> transaction (SPEC section 3).</remarks>
    public async Task<DirectSendOutcome> AppendDirectMessageAsync(
        MessageRecord message, Guid recipientId, bool senderOnlyWhenRecipientBlocks, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var (senderBlocks, recipientBlocks) = await connection.Command(
            """
            SELECT EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $sender AND blocked_id = $recipient),
                   EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $recipient AND blocked_id = $sender);
            """, transaction).With("$sender", message.SenderId).With("$recipient", recipientId)
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
