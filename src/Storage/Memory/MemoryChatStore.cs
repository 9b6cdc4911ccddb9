using ChatBlock.Storage.Clustering;

namespace ChatBlock.Storage.Memory;

/// <summary>
/// <see cref="IChatStore"/> in process memory, for tests only (<c>Storage:Provider=Memory</c>). Silos of one test cluster share
/// one <see cref="MemoryDatabase"/>; each has its own store so that notifications carry its silo id.
/// </summary>
/// <remarks>Every operation takes the database's single lock, so each is atomic the way a transaction is.</remarks>
public sealed partial class MemoryChatStore(MemoryDatabase database, IClusterChannel channel) : IChatStore
{
    private readonly Lock _gate = database.Gate;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<bool> PingAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    /// <inheritdoc />
    public Task<bool> TryCreateUserAsync(UserRecord user, string passwordHash, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (database.Users.Values.Any(u => u.User.AppId == user.AppId && u.User.Username == user.Username))
            {
                return Task.FromResult(false);
            }

            database.Users[user.Id] = (user, passwordHash);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<UserRecord?> GetUserAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(database.Users.TryGetValue(userId, out var entry) ? entry.User : null);
        }
    }

    /// <inheritdoc />
    public Task<(UserRecord User, string PasswordHash)?> GetCredentialsAsync(string username, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var entry in database.Users.Values)
            {
                if (entry.User.AppId == UserRecord.DefaultAppId && entry.User.Username == username)
                {
                    return Task.FromResult<(UserRecord, string)?>(entry);
                }
            }

            return Task.FromResult<(UserRecord, string)?>(null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UserRecord>> SearchUsersAsync(
        string appId, string usernamePrefix, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<UserRecord> found = database.Users.Values
                .Select(e => e.User)
                .Where(u => u.AppId == appId && u.Username.StartsWith(usernamePrefix, StringComparison.Ordinal))
                .OrderBy(u => u.Username, StringComparer.Ordinal)
                .Take(limit)
                .ToList();
            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public Task UpdateLastSeenAsync(Guid userId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (database.Users.TryGetValue(userId, out var entry))
            {
                database.Users[userId] = (entry.User with { LastSeenAt = lastSeenAt }, entry.PasswordHash);
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public async Task SetShowLastSeenAsync(Guid userId, bool showLastSeen, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (database.Users.TryGetValue(userId, out var entry))
            {
                database.Users[userId] = (entry.User with { ShowLastSeen = showLastSeen }, entry.PasswordHash);
            }
        }

        await channel.PublishAsync(ClusterTopics.Accounts, userId.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BlockRecord>> GetBlocksByBlockerAsync(Guid blockerId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<BlockRecord> blocks = database.Blocks.Values.Where(b => b.BlockerId == blockerId).ToList();
            return Task.FromResult(blocks);
        }
    }

    /// <inheritdoc />
    /// <remarks><see cref="AddBlockWithinLimitAsync"/> with <see cref="RateWindow.Off"/>.</remarks>
    public async Task<BlockAddResult> AddBlockAsync(
        Guid blockerId, Guid blockedId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        (await AddBlockWithinLimitAsync(blockerId, blockedId, at, RateWindow.Off, cancellationToken).ConfigureAwait(false)).Result!;

    /// <inheritdoc />
    public async Task<bool> RemoveBlockAsync(
        Guid blockerId, Guid blockedId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!database.Blocks.Remove((blockerId, blockedId)))
            {
                return false;
            }

            database.Audit.Add(new AuditRecord(blockerId, "unblock", blockedId, at));
        }

        await channel.PublishAsync(ClusterTopics.Blocks, blockerId.ToString(), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Guid>> RemoveAllBlocksAsync(
        Guid blockerId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        List<Guid> removed;
        lock (_gate)
        {
            removed = database.Blocks.Values.Where(b => b.BlockerId == blockerId).Select(b => b.BlockedId).ToList();
            foreach (var blockedId in removed)
            {
                database.Blocks.Remove((blockerId, blockedId));
                database.Audit.Add(new AuditRecord(blockerId, "unblock", blockedId, at));
            }
        }

        if (removed.Count > 0)
        {
            await channel.PublishAsync(ClusterTopics.Blocks, blockerId.ToString(), cancellationToken).ConfigureAwait(false);
        }

        return removed;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditRecord>> GetAuditTrailAsync(Guid actorId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<AuditRecord> trail = database.Audit.Where(a => a.ActorId == actorId).ToList();
            return Task.FromResult(trail);
        }
    }

    /// <inheritdoc />
    public Task<(ConversationRecord Conversation, bool Created)> GetOrCreateDirectConversationAsync(
        Guid userA, Guid userB, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var (conversation, _) = GetOrCreateDirect(userA, userB, at);
            // userA opens it: new to them unless they had opened it before (a block may have created it).
            return Task.FromResult((conversation, database.OpenedAt.TryAdd((conversation.Id, userA), at)));
        }
    }

    /// <inheritdoc />
    public Task<ConversationRecord?> GetConversationAsync(Guid conversationId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(database.Conversations.GetValueOrDefault(conversationId));
        }
    }

    /// <inheritdoc />
    public Task<ConversationPage> GetConversationsOfUserAsync(
        Guid userId, int limit, ConversationCursor? after, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            var listed = new List<(ConversationRecord Conversation, DateTimeOffset Activity)>();
            foreach (var conversation in database.Conversations.Values.Where(c => c.ParticipantIds.Contains(userId)))
            {
                var lastSeen = LastVisibleMessage(conversation, userId)?.CreatedAt;
                if (conversation.Kind == ConversationKind.Group || lastSeen is not null
                    || database.OpenedAt.ContainsKey((conversation.Id, userId)))
                {
                    listed.Add((conversation, lastSeen ?? conversation.CreatedAt));
                }
            }

            // Ids compare as their "D" text, as in the SQLite and PostgreSQL stores.
            var ordered = listed
                .Where(l => after is null || l.Activity < after.ActivityAt
                    || (l.Activity == after.ActivityAt && Compare(l.Conversation.Id, after.ConversationId) < 0))
                .OrderByDescending(l => l.Activity)
                .ThenByDescending(l => l.Conversation.Id.ToString("D"), StringComparer.Ordinal)
                .Take(limit + 1)
                .ToList();
            var page = ordered.Take(limit).ToList();
            var next = ordered.Count > limit ? new ConversationCursor(page[^1].Activity, page[^1].Conversation.Id) : null;
            return Task.FromResult(new ConversationPage([.. page.Select(l => l.Conversation)], next));
        }
    }

    /// <inheritdoc />
    public Task<DirectSendOutcome> AppendDirectMessageAsync(
        MessageRecord message, Guid recipientId, bool senderOnlyWhenRecipientBlocks, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (database.Blocks.ContainsKey((message.SenderId, recipientId)))
            {
                return Task.FromResult(DirectSendOutcome.SenderBlocksRecipient);
            }

            var senderOnly = database.Blocks.ContainsKey((recipientId, message.SenderId));
            if (senderOnly && !senderOnlyWhenRecipientBlocks)
            {
                return Task.FromResult(DirectSendOutcome.RecipientBlocksSender);
            }

            Append(message with { SenderOnly = senderOnly });
            return Task.FromResult(senderOnly ? DirectSendOutcome.StoredSenderOnly : DirectSendOutcome.Stored);
        }
    }

    /// <inheritdoc />
    public Task AppendGroupMessageAsync(MessageRecord message, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Append(message with { SenderOnly = false });
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MessageRecord>> GetMessagesAsync(
        Guid conversationId, Guid viewerId, Guid? before, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var all = database.Messages.GetValueOrDefault(conversationId) ?? [];
            var end = all.Count;
            if (before is { } cursor)
            {
                end = all.FindIndex(m => m.Id == cursor);
                end = end < 0 ? 0 : end;
            }

            var page = new List<MessageRecord>(Math.Min(limit, end));
            for (var i = end - 1; i >= 0 && page.Count < limit; i--)
            {
                if (!all[i].SenderOnly || all[i].SenderId == viewerId)
                {
                    page.Add(all[i]);
                }
            }

            return Task.FromResult<IReadOnlyList<MessageRecord>>(page);
        }
    }

    private (ConversationRecord Conversation, bool Created) GetOrCreateDirect(Guid userA, Guid userB, DateTimeOffset at)
    {
        var pair = UserPair.Of(userA, userB);
        if (database.DirectConversations.TryGetValue(pair, out var id))
        {
            return (database.Conversations[id], false);
        }

        var conversation = new ConversationRecord(Guid.CreateVersion7(), ConversationKind.Direct, null, [userA, userB], at);
        database.Conversations.Add(conversation.Id, conversation);
        database.DirectConversations.Add(pair, conversation.Id);
        return (conversation, true);
    }

    private void Append(MessageRecord message)
    {
        if (!database.Messages.TryGetValue(message.ConversationId, out var list))
        {
            database.Messages[message.ConversationId] = list = [];
        }

        list.Add(message);
    }

    // The last message the user may see: another's sender-only message must not move the conversation up (it would leak a block).
    private MessageRecord? LastVisibleMessage(ConversationRecord conversation, Guid userId) =>
        database.Messages.GetValueOrDefault(conversation.Id)?.LastOrDefault(m => !m.SenderOnly || m.SenderId == userId);

    private static int Compare(Guid a, Guid b) => string.CompareOrdinal(a.ToString("D"), b.ToString("D"));

    /// <inheritdoc />
    public async Task<BlockAttemptResult> AddBlockWithinLimitAsync(
        Guid blockerId, Guid blockedId, DateTimeOffset at, RateWindow limit, CancellationToken cancellationToken = default)
    {
        BlockAddResult result;
        lock (_gate)
        {
            if (!database.Blocks.TryGetValue((blockerId, blockedId), out var existing) && limit.IsOn)
            {
                // An import's rows count once (SPEC section 10).
                var made = BlockImportPlan.CountedTimes(
                    database.Audit.Where(a => a.ActorId == blockerId && a.Action == "block").Select(a => (a.CreatedAt, a.ImportId)));
                if (limit.RetryAfter(made, at) is { } wait)
                {
                    return new BlockAttemptResult(null, wait);
                }
            }

            var conversation = GetOrCreateDirect(blockerId, blockedId, at).Conversation;
            // The blocker opens it (it is listed to them); the blocked user does not.
            database.OpenedAt.TryAdd((conversation.Id, blockerId), at);
            if (existing is not null)
            {
                return new BlockAttemptResult(new BlockAddResult(false, existing.CreatedAt, conversation.Id));
            }

            database.Blocks[(blockerId, blockedId)] = new BlockRecord(blockerId, blockedId, at);
            database.Audit.Add(new AuditRecord(blockerId, "block", blockedId, at));
            result = new BlockAddResult(true, at, conversation.Id);
        }

        await channel.PublishAsync(ClusterTopics.Blocks, blockerId.ToString(), cancellationToken).ConfigureAwait(false);
        return new BlockAttemptResult(result);
    }

    /// <inheritdoc />
    public Task<IdempotencyRecord?> ReserveIdempotencyKeyAsync(
        Guid userId, string key, DateTimeOffset at, DateTimeOffset expiredBefore, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var expired in database.IdempotencyKeys.Where(e => e.Value.CreatedAt <= expiredBefore).Select(e => e.Key).ToList())
            {
                database.IdempotencyKeys.Remove(expired);
            }

            if (database.IdempotencyKeys.TryGetValue((userId, key), out var stored))
            {
                return Task.FromResult<IdempotencyRecord?>(stored);
            }

            database.IdempotencyKeys[(userId, key)] = new IdempotencyRecord(0, null, null, null, at);
            return Task.FromResult<IdempotencyRecord?>(null);
        }
    }

    /// <inheritdoc />
    public Task CompleteIdempotencyKeyAsync(
        Guid userId, string key, int status, string? contentType, string? location, string body,
        CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (database.IdempotencyKeys.TryGetValue((userId, key), out var pending))
            {
                database.IdempotencyKeys[(userId, key)] = pending with
                {
                    Status = status, ContentType = contentType, Location = location, Body = body,
                };
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task ReleaseIdempotencyKeyAsync(Guid userId, string key, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (database.IdempotencyKeys.TryGetValue((userId, key), out var stored) && stored.IsPending)
            {
                database.IdempotencyKeys.Remove((userId, key));
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<TimeSpan?> TryRecordLoginAttemptAsync(
        IReadOnlyList<string> subjects, DateTimeOffset at, RateWindow limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            TimeSpan? wait = null;
            foreach (var subject in subjects)
            {
                if (!database.LoginAttempts.TryGetValue(subject, out var times))
                {
                    database.LoginAttempts[subject] = times = [];
                }

                times.RemoveAll(t => t <= at - limit.Window);
                if (limit.RetryAfter(times.OrderDescending().ToList(), at) is { } subjectWait && (wait is null || subjectWait > wait))
                {
                    wait = subjectWait;
                }
            }

            if (wait is null)
            {
                foreach (var subject in subjects)
                {
                    database.LoginAttempts[subject].Add(at);
                }
            }

            return Task.FromResult(wait);
        }
    }

    /// <inheritdoc />
    public Task<TokenState?> GetTokenStateAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!database.Users.ContainsKey(userId))
            {
                return Task.FromResult<TokenState?>(null);
            }

            IReadOnlyList<string> revoked = database.RevokedTokens
                .Where(t => t.Value.UserId == userId && t.Value.ExpiresAt > now).Select(t => t.Key).ToList();
            return Task.FromResult<TokenState?>(new TokenState(database.SecurityStamps.GetValueOrDefault(userId), revoked));
        }
    }

    /// <inheritdoc />
    public Task<string?> GetPasswordHashAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(database.Users.TryGetValue(userId, out var entry) ? entry.PasswordHash : null);
        }
    }

    /// <inheritdoc />
    public async Task<long?> ChangePasswordAsync(Guid userId, string passwordHash, CancellationToken cancellationToken = default)
    {
        long stamp;
        lock (_gate)
        {
            if (!database.Users.TryGetValue(userId, out var entry))
            {
                return null;
            }

            database.Users[userId] = (entry.User, passwordHash);
            stamp = database.SecurityStamps[userId] = database.SecurityStamps.GetValueOrDefault(userId) + 1;
        }

        await channel.PublishAsync(ClusterTopics.Accounts, userId.ToString(), cancellationToken).ConfigureAwait(false);
        return stamp;
    }

    /// <inheritdoc />
    public async Task RevokeTokenAsync(
        Guid userId, string tokenId, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var expired in database.RevokedTokens.Where(t => t.Value.ExpiresAt < now).Select(t => t.Key).ToList())
            {
                database.RevokedTokens.Remove(expired);
            }

            database.RevokedTokens.TryAdd(tokenId, (userId, expiresAt));
        }

        await channel.PublishAsync(ClusterTopics.Accounts, userId.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>The memory store forgets the user's row outright: nothing here refers to it by foreign key.</remarks>
    public async Task<IReadOnlyList<Guid>?> DeleteUserAsync(Guid userId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        List<Guid> blockers;
        lock (_gate)
        {
            if (!database.Users.Remove(userId))
            {
                return null;
            }

            var touching = database.Blocks.Values.Where(b => b.BlockerId == userId || b.BlockedId == userId).ToList();
            foreach (var block in touching)
            {
                database.Blocks.Remove((block.BlockerId, block.BlockedId));
                database.Audit.Add(new AuditRecord(block.BlockerId, "unblock", block.BlockedId, at));
            }

            blockers = touching.Where(b => b.BlockedId == userId).Select(b => b.BlockerId).ToList();
            database.SecurityStamps[userId] = database.SecurityStamps.GetValueOrDefault(userId) + 1;
            foreach (var revoked in database.RevokedTokens.Where(t => t.Value.UserId == userId).Select(t => t.Key).ToList())
            {
                database.RevokedTokens.Remove(revoked);
            }
        }

        await channel.PublishAsync(ClusterTopics.Accounts, userId.ToString(), cancellationToken).ConfigureAwait(false);
        if (blockers.Count > 0)
        {
            await channel.PublishAsync(ClusterTopics.Blocks, blockers.ConvertAll(b => b.ToString()), cancellationToken)
                .ConfigureAwait(false);
        }

        return blockers;
    }
}
