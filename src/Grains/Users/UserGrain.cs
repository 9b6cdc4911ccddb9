using ChatBlock.Grains.Events;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using Microsoft.Extensions.Logging;

namespace ChatBlock.Grains.Users;

/// <summary>
/// A user's profile and outgoing block set. Blocks are written to storage first and to memory after, so memory never claims
/// a block the database does not have. Last-seen is kept by <see cref="UserActivity"/> outside the grain's turns.
/// </summary>
public sealed partial class UserGrain(
    IChatStore store, IEventPublisher events, UserActivity activity, TimeProvider timeProvider, ILogger<UserGrain> logger)
    : Grain, IUserGrain
{
    private readonly UserGrainState _state = new();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _state.User = await store.GetUserAsync(GetPrimaryKey(), cancellationToken);
        if (_state.User is not null)
        {
            await LoadBlocksAsync(cancellationToken);
        }

        LogActivated(nameof(UserGrain), GetPrimaryKey(), _state.Blocks.Count);
    }

    /// <inheritdoc />
    public Task<UserProfile?> GetProfileAsync(Guid viewerId)
    {
        if (_state.User is not { } user)
        {
            return Task.FromResult<UserProfile?>(null);
        }

        // SPEC section 1: a user who blocked you hides their avatar and last-seen time from you.
        var hidden = viewerId != user.Id && _state.Blocks.ContainsKey(viewerId);
        var lastSeen = activity.LastSeen(user.Id) is { } recent && recent > (user.LastSeenAt ?? default) ? recent : user.LastSeenAt;
        return Task.FromResult<UserProfile?>(new UserProfile(
            user.Id, user.Username, user.DisplayName, hidden ? null : user.AvatarUrl, hidden ? null : lastSeen));
    }

    /// <inheritdoc />
    public async Task<BlockResult> BlockAsync(Guid targetId)
    {
        var blockerId = GetPrimaryKey();
        if (targetId == blockerId)
        {
            return new BlockResult(BlockOutcome.Self);
        }

        if (_state.Blocks.TryGetValue(targetId, out var existingTicks))
        {
            return new BlockResult(BlockOutcome.AlreadyBlocked, new DateTimeOffset(existingTicks, TimeSpan.Zero));
        }

        if (_state.User is null || await store.GetUserAsync(targetId) is null)
        {
            return new BlockResult(BlockOutcome.UserNotFound);
        }

        var added = await store.AddBlockAsync(blockerId, targetId, StoreClock.Now(timeProvider));
        _state.Blocks[targetId] = added.CreatedAt.UtcTicks;
        if (!added.Added)
        {
            // Another silo stored it first; memory has caught up now.
            return new BlockResult(BlockOutcome.AlreadyBlocked, added.CreatedAt);
        }

        LogBlocked(blockerId, targetId);
        await events.BlockAddedAsync(blockerId, targetId, added.ConversationId, added.CreatedAt);
        return new BlockResult(BlockOutcome.Blocked, added.CreatedAt, added.ConversationId);
    }

    /// <inheritdoc />
    public async Task<UnblockResult> UnblockAsync(Guid targetId)
    {
        var blockerId = GetPrimaryKey();
        var at = StoreClock.Now(timeProvider);
        // Ask storage even when memory says "not blocked": memory may be behind a block made on another silo.
        var removed = await store.RemoveBlockAsync(blockerId, targetId, at);
        _state.Blocks.Remove(targetId);
        if (!removed)
        {
            return new UnblockResult(false, null);
        }

        LogUnblocked(blockerId, targetId);
        await events.BlocksRemovedAsync(blockerId, [targetId], at);
        return new UnblockResult(true, at);
    }

    /// <inheritdoc />
    public async Task<int> UnblockAllAsync()
    {
        var blockerId = GetPrimaryKey();
        var at = StoreClock.Now(timeProvider);
        var removed = await store.RemoveAllBlocksAsync(blockerId, at);
        _state.Blocks.Clear();
        foreach (var targetId in removed)
        {
            LogUnblocked(blockerId, targetId);
        }

        if (removed.Count > 0)
        {
            await events.BlocksRemovedAsync(blockerId, removed, at);
        }

        return removed.Count;
    }

    /// <inheritdoc />
    public Task<BlockPage> ListBlocksAsync(int limit, BlockCursor? after)
    {
        IEnumerable<KeyValuePair<Guid, long>> entries = _state.Blocks;
        if (after is not null)
        {
            var afterTicks = after.CreatedAt.UtcTicks;
            entries = entries.Where(e => e.Value < afterTicks || (e.Value == afterTicks && e.Key.CompareTo(after.UserId) < 0));
        }

        var page = entries
            .OrderByDescending(e => e.Value)
            .ThenByDescending(e => e.Key)
            .Take(limit + 1)
            .Select(e => new BlockEntry(e.Key, new DateTimeOffset(e.Value, TimeSpan.Zero)))
            .ToList();
        BlockCursor? next = null;
        if (page.Count > limit)
        {
            page.RemoveAt(limit);
            next = new BlockCursor(page[^1].CreatedAt, page[^1].UserId);
        }

        return Task.FromResult(new BlockPage(page, next));
    }

    /// <inheritdoc />
    public ValueTask<bool> IsBlockingAsync(Guid otherId) => new(_state.Blocks.ContainsKey(otherId));

    /// <inheritdoc />
    public Task RefreshBlocksAsync() => LoadBlocksAsync(CancellationToken.None);

    private async Task LoadBlocksAsync(CancellationToken cancellationToken)
    {
        var rows = await store.GetBlocksByBlockerAsync(GetPrimaryKey(), cancellationToken);
        _state.Blocks.Clear();
        _state.Blocks.EnsureCapacity(rows.Count);
        foreach (var row in rows)
        {
            _state.Blocks[row.BlockedId] = row.CreatedAt.UtcTicks;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{GrainType} {GrainKey} activated with {BlockCount} blocks")]
    private partial void LogActivated(string grainType, Guid grainKey, int blockCount);

    // SPEC section 6 / seed 002: the audit line at Warning level, exactly in this form.
    [LoggerMessage(Level = LogLevel.Warning, Message = "[block] AUDIT: User {BlockerId} blocked {BlockedId}")]
    private partial void LogBlocked(Guid blockerId, Guid blockedId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[block] AUDIT: User {BlockerId} unblocked {BlockedId}")]
    private partial void LogUnblocked(Guid blockerId, Guid blockedId);
}
