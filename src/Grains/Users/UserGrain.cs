using ChatBlock.Grains.Events;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using Microsoft.Extensions.Logging;

namespace ChatBlock.Grains.Users;

/// <summary>
/// A user's profile and outgoing block set. Blocks are written to storage first and to memory after, so memory never claims
/// a block the database does not have.
/// </summary>
public sealed partial class UserGrain(IChatStore store, IChatEventSink events, TimeProvider timeProvider, ILogger<UserGrain> logger)
    : Grain, IUserGrain
{
    private static readonly long LastSeenWriteInterval = TimeSpan.FromMinutes(1).Ticks;
    private static readonly Task<bool> TrueTask = Task.FromResult(true);
    private static readonly Task<bool> FalseTask = Task.FromResult(false);
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

        // SPEC section 1: a user who blocked you hides their avatar and last-seen time from you. A user may also hide their
        // last-seen time from everyone else (issue 11, item 12).
        var self = viewerId == user.Id;
        var hidden = !self && _state.Blocks.ContainsKey(viewerId);
        var lastSeenHidden = hidden || (!self && !user.ShowLastSeen);
        return Task.FromResult<UserProfile?>(new UserProfile(
            user.Id, user.Username, user.DisplayName, hidden ? null : user.AvatarUrl, lastSeenHidden ? null : user.LastSeenAt)
        {
            ShowLastSeen = self ? user.ShowLastSeen : null,
        });
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
    public Task<bool> IsBlockingAsync(Guid otherId) => _state.Blocks.ContainsKey(otherId) ? TrueTask : FalseTask;

    /// <inheritdoc />
    public Task RefreshBlocksAsync() => LoadBlocksAsync(CancellationToken.None);

    /// <inheritdoc />
    public async Task TouchAsync()
    {
        if (_state.User is not { } user)
        {
            return;
        }

        var now = StoreClock.Now(timeProvider);
        _state.User = user with { LastSeenAt = now };
        if (now.UtcTicks - _state.LastSeenWrittenTicks >= LastSeenWriteInterval)
        {
            await store.UpdateLastSeenAsync(user.Id, now);
            _state.LastSeenWrittenTicks = now.UtcTicks;
        }
    }

    /// <inheritdoc />
    public async Task<bool> SetShowLastSeenAsync(bool showLastSeen)
    {
        if (_state.User is not { } user)
        {
            return false;
        }

        // Written even when memory already agrees: memory may be behind a change made on another silo.
        await store.SetShowLastSeenAsync(user.Id, showLastSeen);
        _state.User = _state.User with { ShowLastSeen = showLastSeen };
        return true;
    }

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
