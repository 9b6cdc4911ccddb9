using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ChatBlock.Storage.Sqlite;

/// <summary>
/// How <see cref="SqliteChatStore"/> turns values into parameters and rows into records: GUIDs as lower-case <c>"D"</c> text
/// (never Microsoft.Data.Sqlite's default BLOB), timestamps as Unix microseconds, booleans as 0/1.
/// </summary>
internal static class SqliteMapping
{
    /// <summary>The columns <see cref="ReadUser"/> expects, in order.</summary>
    public const string UserColumns = "id, username, display_name, avatar_url, created_at, last_seen_at, show_last_seen, app_id";

    /// <summary>How many columns <see cref="UserColumns"/> has (the next column's ordinal).</summary>
    public const int UserColumnCount = 8;

    /// <summary>The columns <see cref="ReadMessage"/> expects, in order.</summary>
    public const string MessageColumns = "id, conversation_id, sender_id, content, message_type, created_at, sender_only";

    /// <summary>A command on <paramref name="connection"/>, enlisted in <paramref name="transaction"/> when there is one.</summary>
    public static SqliteCommand Command(this SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Binds <paramref name="value"/> to <paramref name="name"/> in the store's encoding.</summary>
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value switch
        {
            null => DBNull.Value,
            Guid id => Text(id),
            DateTimeOffset at => StoreClock.ToUnixMicroseconds(at),
            bool flag => flag ? 1L : 0L,
            _ => value,
        });
        return command;
    }

    /// <summary>The stored text of an id.</summary>
    public static string Text(Guid id) => id.ToString("D");

    /// <summary>The stored text of a conversation kind.</summary>
    public static string Text(ConversationKind kind) => kind == ConversationKind.Direct ? "direct" : "group";

    /// <summary>The conversation kind stored as <paramref name="text"/>.</summary>
    /// <exception cref="InvalidDataException">Neither <c>direct</c> nor <c>group</c>.</exception>
    public static ConversationKind ParseKind(string text) => text switch
    {
        "direct" => ConversationKind.Direct,
        "group" => ConversationKind.Group,
        _ => throw new InvalidDataException($"Unknown conversation kind '{text}' in the database."),
    };

    /// <summary>The id in column <paramref name="ordinal"/>.</summary>
    public static Guid GetId(this DbDataReader reader, int ordinal) => Guid.ParseExact(reader.GetString(ordinal), "D");

    /// <summary>The timestamp in column <paramref name="ordinal"/>.</summary>
    public static DateTimeOffset GetTime(this DbDataReader reader, int ordinal) =>
        StoreClock.FromUnixMicroseconds(reader.GetInt64(ordinal));

    /// <summary>The text in column <paramref name="ordinal"/>, or null.</summary>
    public static string? GetNullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A user from <see cref="UserColumns"/> starting at column 0.</summary>
    public static UserRecord ReadUser(DbDataReader reader) => new(
        reader.GetId(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetNullableString(3),
        reader.GetTime(4),
        reader.IsDBNull(5) ? null : reader.GetTime(5))
    {
        ShowLastSeen = reader.GetInt64(6) != 0,
        AppId = reader.GetString(7),
    };

    /// <summary>A message from <see cref="MessageColumns"/> starting at column 0.</summary>
    public static MessageRecord ReadMessage(DbDataReader reader) => new(
        reader.GetId(0),
        reader.GetId(1),
        reader.GetId(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetTime(5),
        reader.GetInt64(6) != 0);
}
