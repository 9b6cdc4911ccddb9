using System.Globalization;
using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Webhooks;

namespace ChatBlock.Storage.Sqlite;

/// <content>Security stamps, revoked tokens and account deletion (SPEC section 11).</content>
public sealed partial class SqliteChatStore
{
    /// <inheritdoc />
    public async Task<TokenState?> GetTokenStateAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var stamp = await connection.Command("SELECT security_stamp FROM users WHERE id = $id AND deleted_at IS NULL;")
            .With("$id", userId).ScalarAsync(cancellationToken).ConfigureAwait(false);
        if (stamp is not long securityStamp)
        {
            return null;
        }

        var revoked = await connection.Command(
            "SELECT token_id FROM revoked_tokens WHERE user_id = $id AND expires_at > $now;")
            .With("$id", userId).With("$now", now).ReadAllAsync(r => r.GetString(0), cancellationToken).ConfigureAwait(false);
        return new TokenState(securityStamp, revoked);
    }

    /// <inheritdoc />
    public async Task<string?> GetPasswordHashAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.Command("SELECT password_hash FROM users WHERE id = $id AND deleted_at IS NULL;")
            .With("$id", userId).ScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <inheritdoc />
    /// <remarks>Publishes <see cref="ClusterTopics.Accounts"/> after the change, only when a row changed.</remarks>
    public async Task<long?> ChangePasswordAsync(Guid userId, string passwordHash, CancellationToken cancellationToken = default)
    {
        long? stamp;
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            stamp = await connection.Command(
                """
                UPDATE users SET password_hash = $hash, security_stamp = security_stamp + 1
                WHERE id = $id AND deleted_at IS NULL RETURNING security_stamp;
                """)
                .With("$id", userId).With("$hash", passwordHash).ScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
        }

        if (stamp is not null)
        {
            await channel.PublishAsync(ClusterTopics.Accounts, userId.ToString(), cancellationToken).ConfigureAwait(false);
        }

        return stamp;
    }

    /// <inheritdoc />
    /// <remarks>Publishes <see cref="ClusterTopics.Accounts"/> after the commit.</remarks>
    public async Task RevokeTokenAsync(
        Guid userId, string tokenId, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await connection.Command(
                """
                DELETE FROM revoked_tokens WHERE expires_at < $now;
                INSERT INTO revoked_tokens (token_id, user_id, expires_at) VALUES ($token, $id, $expires) ON CONFLICT DO NOTHING;
                """)
                .With("$now", now).With("$token", tokenId).With("$id", userId).With("$expires", expiresAt)
                .RunAsync(cancellationToken).ConfigureAwait(false);
        }

        await channel.PublishAsync(ClusterTopics.Accounts, userId.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One <c>BEGIN IMMEDIATE</c> transaction; the freed username becomes <c>deleted-{id:N}</c>, which no registration can take.
    /// Publishes after the commit.
    /// </remarks>
    public async Task<IReadOnlyList<Guid>?> DeleteUserAsync(Guid userId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<Guid> blockers;
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            // Before the scrub, while the external ids are still there; a user that is not found rolls it back with the rest.
            await WriteOutboxAsync(
                connection, transaction, WebhookEventTypes.BlockDeleted, "k.blocker_id = $id OR k.blocked_id = $id",
                c => c.With("$id", userId), at, cancellationToken).ConfigureAwait(false);
            var scrubbed = await connection.Command(
                """
                UPDATE users SET username = $username, display_name = 'Deleted account', avatar_url = NULL, password_hash = '',
                    last_seen_at = NULL, deleted_at = $at, security_stamp = security_stamp + 1
                WHERE id = $id AND deleted_at IS NULL;
                """, transaction)
                .With("$id", userId).With("$at", at).With("$username", DeletedUsername(userId))
                .RunAsync(cancellationToken).ConfigureAwait(false);
            if (scrubbed == 0)
            {
                return null;
            }

            blockers = await connection.Command(
                "SELECT blocker_id FROM blocks WHERE blocked_id = $id ORDER BY rowid;", transaction).With("$id", userId)
                .ReadAllAsync(r => r.GetId(0), cancellationToken).ConfigureAwait(false);
            await connection.Command(
                """
                INSERT INTO block_audit (actor_id, action, target_id, created_at)
                SELECT blocker_id, 'unblock', blocked_id, $at FROM blocks WHERE blocker_id = $id OR blocked_id = $id ORDER BY rowid;
                DELETE FROM blocks WHERE blocker_id = $id OR blocked_id = $id;
                DELETE FROM revoked_tokens WHERE user_id = $id;
                """, transaction)
                .With("$id", userId).With("$at", at).RunAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await channel.PublishAsync(ClusterTopics.Accounts, userId.ToString(), cancellationToken).ConfigureAwait(false);
        if (blockers.Count > 0)
        {
            await channel.PublishAsync(ClusterTopics.Blocks, blockers.Select(b => b.ToString()).ToList(), cancellationToken)
                .ConfigureAwait(false);
        }

        return blockers;
    }

    /// <summary>The username a deleted account keeps: unique, and refused by registration's validation (too long).</summary>
    internal static string DeletedUsername(Guid userId) => string.Create(CultureInfo.InvariantCulture, $"deleted-{userId:N}");
}
