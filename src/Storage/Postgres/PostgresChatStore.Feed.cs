using Npgsql;

namespace ChatBlock.Storage.Postgres;

/// <content>A user's messages across conversations, as live events read them.</content>
public sealed partial class PostgresChatStore
{
    private const string FeedColumns =
        "m.id, m.conversation_id, m.sender_id, m.content, m.message_type, m.created_at, m.sender_only";

    // $1 message, $2 viewer.
    private const string SelectVisibleMessage = $"""
        SELECT {FeedColumns} FROM messages m
        JOIN conversation_participants p ON p.conversation_id = m.conversation_id AND p.user_id = $2
        WHERE m.id = $1 AND (NOT m.sender_only OR m.sender_id = $2)
        """;

    // $1 viewer, $2 after time, $3 after id, $4 limit.
    private const string SelectMessagesSince = $"""
        SELECT {FeedColumns} FROM conversation_participants p
        JOIN messages m ON m.conversation_id = p.conversation_id
        WHERE p.user_id = $1 AND (NOT m.sender_only OR m.sender_id = $1) AND (m.created_at, m.id) > ($2, $3)
        ORDER BY m.created_at, m.id LIMIT $4
        """;

    /// <inheritdoc />
    public async Task<MessageRecord?> GetMessageAsync(Guid messageId, Guid viewerId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(SelectVisibleMessage);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = messageId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = viewerId });
        var found = await ReadFeedAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MessageRecord>> GetMessagesSinceAsync(
        Guid viewerId, DateTimeOffset afterTime, Guid afterId, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(SelectMessagesSince);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = viewerId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = afterTime.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = afterId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadFeedAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<MessageRecord>> ReadFeedAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<MessageRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new MessageRecord(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetBoolean(6)));
        }

        return rows;
    }
}
