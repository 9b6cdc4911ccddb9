using ChatBlock.Storage.Clustering;

namespace ChatBlock.Storage.Postgres;

/// <content>Users of configured apps, known by their external ids (SPEC section 8).</content>
public sealed partial class PostgresChatStore
{
    /// <inheritdoc />
    public Task<UserRecord?> GetUserByNameAsync(string appId, string username, CancellationToken cancellationToken = default) =>
        Statement(PostgresSql.SelectUserByName, Value(appId), Value(username)).ReadFirstOrDefaultAsync(ReadUser, cancellationToken);

    /// <inheritdoc />
    /// <remarks>One upsert statement; an update is published after it.</remarks>
    public async Task<(UserRecord User, bool Created)> PutAppUserAsync(UserRecord user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var stored = (await Statement(
                PostgresSql.PutAppUser,
                Value(user.Id), Value(user.AppId), Value(user.Username), Value(user.DisplayName), Text(user.AvatarUrl),
                Time(user.CreatedAt))
            .ReadFirstOrDefaultAsync(ReadUser, cancellationToken).ConfigureAwait(false))!;
        var created = stored.Id == user.Id;
        if (!created)
        {
            await channel.PublishAsync(ClusterTopics.Accounts, stored.Id.ToString(), cancellationToken).ConfigureAwait(false);
        }

        return (stored, created);
    }

    /// <inheritdoc />
    public async Task<Guid?> FindDirectConversationIdAsync(Guid userA, Guid userB, CancellationToken cancellationToken = default) =>
        await Statement(PostgresSql.SelectDirectConversationId, Value(UserPair.Of(userA, userB).Key))
            .ScalarAsync(cancellationToken).ConfigureAwait(false) is Guid id
            ? id
            : null;
}
