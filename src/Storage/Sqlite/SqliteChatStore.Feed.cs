namespace ChatBlock.Storage.Sqlite;

/// <content>A user's messages across conversations, as live events read them.</content>
public sealed partial class SqliteChatStore
{
    private const string FeedColumns =
        "m.id, m.conversation_id, m.sender_id, m.content, m.message_type, m.created_at, m.sender_only";

    /// <inheritdoc />
    public async Task<MessageRecord?> GetMessageAsync(Guid messageId, Guid viewerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            $"""
            SELECT {FeedColumns} FROM messages m
            JOIN conversation_participants p ON p.conversation_id = m.conversation_id AND p.user_id = $viewer
            WHERE m.id = $id AND (m.sender_only = 0 OR m.sender_id = $viewer);
            """)
            .With("$id", messageId).With("$viewer", viewerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? SqliteMapping.ReadMessage(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MessageRecord>> GetMessagesSinceAsync(
        Guid viewerId, DateTimeOffset afterTime, Guid afterId, int limit, CancellationToken cancellationToken = default)
    {
        var messages = new List<MessageRecord>();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            $"""
            SELECT {FeedColumns} FROM conversation_participants p
            JOIN messages m ON m.conversation_id = p.conversation_id
            WHERE p.user_id = $viewer AND (m.sender_only = 0 OR m.sender_id = $viewer)
              AND (m.created_at > $at OR (m.created_at = $at AND m.id > $id))
            ORDER BY m.created_at, m.id LIMIT $limit;
            """)
            .With("$viewer", viewerId).With("$at", afterTime).With("$id", afterId).With("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            messages.Add(SqliteMapping.ReadMessage(reader));
        }

        return messages;
    }
}
