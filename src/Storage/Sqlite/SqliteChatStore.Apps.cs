using ChatBlock.Storage.Clustering;

namespace ChatBlock.Storage.Sqlite;

/// <content>Users of configured apps, known by their external ids (SPEC section 8).</content>
public sealed partial class SqliteChatStore
{
    /// <inheritdoc />
    public async Task<UserRecord?> GetUserByNameAsync(string appId, string username, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.Command(
                $"""
                SELECT {SqliteMapping.UserColumns} FROM users WHERE app_id = $appId AND username = $username AND deleted_at IS NULL;
                """)
            .With("$appId", appId).With("$username", username)
            .ReadFirstOrDefaultAsync(SqliteMapping.ReadUser, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>One upsert statement; an update is published after it.</remarks>
    public async Task<(UserRecord User, bool Created)> PutAppUserAsync(UserRecord user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        UserRecord stored;
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            stored = (await connection.Command(
                    $"""
                    INSERT INTO users (id, app_id, username, display_name, avatar_url, password_hash, created_at, last_seen_at)
                    VALUES ($id, $appId, $username, $displayName, $avatarUrl, '', $createdAt, NULL)
                    ON CONFLICT (app_id, username) DO UPDATE SET display_name = excluded.display_name, avatar_url = excluded.avatar_url
                    RETURNING {SqliteMapping.UserColumns};
                    """)
                .With("$id", user.Id).With("$appId", user.AppId).With("$username", user.Username)
                .With("$displayName", user.DisplayName).With("$avatarUrl", user.AvatarUrl).With("$createdAt", user.CreatedAt)
                .ReadFirstOrDefaultAsync(SqliteMapping.ReadUser, cancellationToken).ConfigureAwait(false))!;
        }

        var created = stored.Id == user.Id;
        if (!created)
        {
            await channel.PublishAsync(ClusterTopics.Accounts, stored.Id.ToString(), cancellationToken).ConfigureAwait(false);
        }

        return (stored, created);
    }

    /// <inheritdoc />
    public async Task<Guid?> FindDirectConversationIdAsync(Guid userA, Guid userB, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.Command("SELECT id FROM conversations WHERE direct_key = $key;")
            .With("$key", UserPair.Of(userA, userB).Key).ScalarAsync(cancellationToken).ConfigureAwait(false) is string id
            ? Guid.ParseExact(id, "D")
            : null;
    }
}
