using Microsoft.Data.Sqlite;
using Npgsql;

namespace ChatBlock.Storage;

/// <summary>
/// Tells a fault of the storage itself (unreachable, restarting, saturated, locked) from a bug, so that the gateway can answer
/// <c>503 storage.unavailable</c> with <c>Retry-After</c> instead of <c>500</c> (SPEC section 11; issue 11, item 4).
/// </summary>
public static class StorageFaults
{
    // SQLITE_BUSY and SQLITE_LOCKED: another connection holds the lock longer than the busy timeout.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <summary>
    /// Whether <paramref name="exception"/>, or an exception inside it, says the database is unreachable or saturated: any
    /// <see cref="NpgsqlException"/> that is not a server error (connection refused or lost, pool exhausted, timeout); a
    /// <see cref="PostgresException"/> of class 08 (connection), 53 (insufficient resources, e.g. <c>53300</c> too many clients)
    /// or 57P01-57P03 (shutdown, starting up); <c>SQLITE_BUSY</c> or <c>SQLITE_LOCKED</c>.
    /// </summary>
    /// <remarks>Constraint violations, syntax errors and the like are bugs, not outages: they answer false.</remarks>
    public static bool IsUnavailable(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
                        || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                            or PostgresErrorCodes.CannotConnectNow;
                case NpgsqlException:
                    return true;
                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked;
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    return IsUnavailable(aggregate.InnerExceptions[0]);
            }
        }

        return false;
    }
}
