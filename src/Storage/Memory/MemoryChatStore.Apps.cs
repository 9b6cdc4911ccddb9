using ChatBlock.Storage.Clustering;

namespace ChatBlock.Storage.Memory;

/// <content>Users of configured apps, known by their external ids (SPEC section 8).</content>
public sealed partial class MemoryChatStore
{
    /// <inheritdoc />
    public Task<UserRecord?> GetUserByNameAsync(string appId, string username, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(FindByName(appId, username));
        }
    }

    /// <inheritdoc />
    public async Task<(UserRecord User, bool Created)> PutAppUserAsync(UserRecord user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        UserRecord stored;
        lock (_gate)
        {
            if (FindByName(user.AppId, user.Username) is { } existing)
            {
                stored = existing with { DisplayName = user.DisplayName, AvatarUrl = user.AvatarUrl };
                database.Users[existing.Id] = (stored, database.Users[existing.Id].PasswordHash);
            }
            else
            {
                stored = user with { LastSeenAt = null };
                database.Users[user.Id] = (stored, "");
            }
        }

        var created = stored.Id == user.Id;
        if (!created)
        {
            await channel.PublishAsync(ClusterTopics.Accounts, stored.Id.ToString(), cancellationToken).ConfigureAwait(false);
        }

        return (stored, created);
    }

    /// <inheritdoc />
    public Task<Guid?> FindDirectConversationIdAsync(Guid userA, Guid userB, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(
                database.DirectConversations.TryGetValue(UserPair.Of(userA, userB), out var id) ? id : (Guid?)null);
        }
    }

    private UserRecord? FindByName(string appId, string username) =>
        database.Users.Values.Select(e => e.User).FirstOrDefault(u => u.AppId == appId && u.Username == username);
}
