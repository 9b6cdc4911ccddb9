using System.Data.Common;

namespace ChatBlock.Storage;

/// <summary>
/// Runs a command and disposes it, for the SQLite and PostgreSQL stores: the reader loop each would otherwise repeat. Rows are
/// mapped by hand, by column position, so each store keeps its own encoding (see <c>SqliteMapping</c>).
/// </summary>
/// <remarks>
/// Not Dapper (2.1.86 was tried): it builds a positional record only when every column's provider type equals the constructor
/// parameter's type and name (SQLite returns GUIDs as text and times as integers, Npgsql <c>timestamptz</c> as
/// <see cref="DateTime"/>, columns are snake_case), type handlers do not count for that match, and it ignores handlers for
/// <see cref="Guid"/> and <see cref="DateTimeOffset"/> parameters. Each record would need a second row type to map from.
/// </remarks>
internal static class DbCommandExtensions
{
    /// <summary>Every row of <paramref name="command"/> mapped by <paramref name="read"/>, in the order the database returns.</summary>
    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(
        this DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(read(reader));
            }

            return rows;
        }
    }

    /// <summary>The first row of <paramref name="command"/> mapped by <paramref name="read"/>, or <c>default</c> if none.</summary>
    public static async Task<T?> ReadFirstOrDefaultAsync<T>(
        this DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? read(reader) : default;
        }
    }

    /// <summary>Executes <paramref name="command"/>; the number of rows it changed.</summary>
    public static async Task<int> RunAsync(this DbCommand command, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Executes <paramref name="command"/>; the first column of its first row, or null.</summary>
    public static async Task<object?> ScalarAsync(this DbCommand command, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
