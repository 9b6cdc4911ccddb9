using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Webhooks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ChatBlock.Storage.Sqlite;

/// <summary>
/// <see cref="IChatStore"/> over a SQLite file, <c>{Storage:DataPath}/chat.db</c> (the default provider, one silo; SPEC section 3).
/// </summary>
/// <remarks>
/// The file is in WAL mode with <c>synchronous=FULL</c>, so a committed change (an acknowledged block) survives a crash the instant
/// after. Each operation opens its own pooled connection. Changes that must be atomic run in one <c>BEGIN IMMEDIATE</c> transaction,
/// which takes the write lock up front, so a check and the write that depends on it see the same database. Constraint violations
/// that are bugs (an unknown user id, a duplicate message id) and database faults throw <see cref="SqliteException"/> unchanged.
/// </remarks>
public sealed partial class SqliteChatStore(
    IOptions<StorageOptions> options, IClusterChannel channel, WebhookApps? webhookApps = null) : IChatStore
{
    /// <summary>The database file's name inside <see cref="StorageOptions.FullDataPath"/>.</summary>
    public const string FileName = "chat.db";

    // SQLITE_CONSTRAINT_UNIQUE; the only UNIQUE key of users is (app_id, username) (a duplicate id is SQLITE_CONSTRAINT_PRIMARYKEY).
    private const int UniqueViolation = 2067;

    // Set on every open: neither is stored in the file. foreign_keys comes from the connection string.
    private const string ConnectionPragmas = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;";

    private readonly string _folder = options.Value.FullDataPath;
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(options.Value.FullDataPath, FileName),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        ForeignKeys = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <inheritdoc />
    /// <remarks>
    /// Creates the data folder (mode 0700) and the file (0600, so that password hashes and messages are not readable by other local
    /// users; SQLite gives its <c>-wal</c> and <c>-shm</c> files the database file's mode) if missing, then migrates
    /// (<see cref="SqliteSchema"/>). An existing database file is set to 0600 as well.
    /// </remarks>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        DataFolder.CreatePrivateFile(_folder, FileName);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await SqliteSchema.MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// <see langword="false"/> when SQLite reports an error (file unreadable, schema missing); cancellation and other exceptions
    /// propagate.
    /// </remarks>
    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.Command("SELECT count(*) FROM users WHERE 0;").ScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<bool> TryCreateUserAsync(UserRecord user, string passwordHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var insert = connection.Command(
            """
            INSERT INTO users (id, app_id, username, display_name, avatar_url, password_hash, created_at, last_seen_at)
            VALUES ($id, $appId, $username, $displayName, $avatarUrl, $passwordHash, $createdAt, $lastSeenAt);
            """)
            .With("$appId", user.AppId)
            .With("$id", user.Id).With("$username", user.Username).With("$displayName", user.DisplayName)
            .With("$avatarUrl", user.AvatarUrl).With("$passwordHash", passwordHash).With("$createdAt", user.CreatedAt)
            .With("$lastSeenAt", user.LastSeenAt);
        try
        {
            await insert.RunAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == UniqueViolation)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<UserRecord?> GetUserAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.Command(
                $"SELECT {SqliteMapping.UserColumns} FROM users WHERE id = $id AND deleted_at IS NULL;").With("$id", userId)
            .ReadFirstOrDefaultAsync(SqliteMapping.ReadUser, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<(UserRecord User, string PasswordHash)?> GetCredentialsAsync(
        string username, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.Command(
            $"""
            SELECT {SqliteMapping.UserColumns}, password_hash FROM users
            WHERE app_id = 'default' AND username = $username AND deleted_at IS NULL;
            """)
            .With("$username", username)
            .ReadFirstOrDefaultAsync(
                r => ((UserRecord, string)?)(SqliteMapping.ReadUser(r), r.GetString(SqliteMapping.UserColumnCount)), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Byte-wise (ordinal) prefix match and order, as usernames are ASCII.</remarks>
    public async Task<IReadOnlyList<UserRecord>> SearchUsersAsync(
        string appId, string usernamePrefix, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0)
        {
            return [];
        }

        // The range lets the (app_id, username) index bound the scan; substr() makes the match exact.
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.Command(
            $"""
            SELECT {SqliteMapping.UserColumns} FROM users
            WHERE app_id = $appId AND username >= $prefix AND username < $prefix || char(1114111)
              AND substr(username, 1, length($prefix)) = $prefix
              AND deleted_at IS NULL
            ORDER BY username LIMIT $limit;
            """).With("$prefix", usernamePrefix).With("$limit", limit).With("$appId", appId)
            .ReadAllAsync(SqliteMapping.ReadUser, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task UpdateLastSeenAsync(Guid userId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.Command("UPDATE users SET last_seen_at = $at WHERE id = $id;").With("$at", lastSeenAt).With("$id", userId)
            .RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task SetShowLastSeenAsync(Guid userId, bool showLastSeen, CancellationToken cancellationToken = default)
    {
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await connection.Command("UPDATE users SET show_last_seen = $show WHERE id = $id;")
                .With("$show", showLastSeen).With("$id", userId).RunAsync(cancellationToken).ConfigureAwait(false);
        }

        await channel.PublishAsync(ClusterTopics.Accounts, userId.ToString(), cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        var opened = false;
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.Command(ConnectionPragmas).RunAsync(cancellationToken).ConfigureAwait(false);
            opened = true;
            return connection;
        }
        finally
        {
            if (!opened)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
