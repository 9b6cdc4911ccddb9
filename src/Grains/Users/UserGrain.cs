using ChatBlock.Grains.Events;
using ChatBlock.Grains.Telemetry;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBlock.Grains.Users;

/// <summary>
/// A user's profile and outgoing block set. Blocks are written to storage first and to memory after, so memory never claims
/// a block the database does not have; a block is refused as a duplicate only when the database has it (issue 11, item 1).
/// The set is reloaded before it is read when <see cref="BlockSetStamps"/> says another silo changed it or this silo may have
/// missed a change (issue 11, items 2 and 3). Last-seen is kept by <see cref="UserActivity"/> outside the grain's turns.
/// </summary>
public sealed partial class UserGrain(
    IChatStore store,
    IEventPublisher events,
    UserActivity activity,
    TimeProvider timeProvider,
    IOptions<BlockingOptions> options,
    ILogger<UserGrain> logger,
    BlockSetStamps stamps,
    BlockExpiryReporter expiries)
    : Grain, IUserGrain
{
    private readonly UserGrainState _state = new();

    // This user's slot in the stamps (BlockSetStamps.SlotOf), kept so that the send gate's freshness check hashes nothing.
    private int _stampSlot;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stampSlot = BlockSetStamps.SlotOf(GetPrimaryKey());
        _state.User = await store.GetUserAsync(GetPrimaryKey(), cancellationToken);
        if (_state.User is not null)
        {
            await LoadBlocksAsync(cancellationToken);
        }

        LogActivated(nameof(UserGrain), GetPrimaryKey(), _state.Blocks.Count);
    }

    /// <inheritdoc />
    public Task<UserProfile?> GetProfileAsync(Guid viewerId) =>
        BlocksAreFresh ? Task.FromResult(Profile(viewerId)) : ReloadThenAsync(viewerId, static (grain, viewer) => grain.Profile(viewer));

    private UserProfile? Profile(Guid viewerId)
    {
        if (_state.User is not { } user)
        {
            return null;
        }

        // SPEC section 1: a user who blocked you hides their avatar and last-seen time from you. A user may also hide their
        // last-seen time from everyone else (issue 11, item 12).
        var self = viewerId == user.Id;
        var hidden = !self && _state.Blocks.IsBlocking(viewerId, timeProvider);
        var lastSeenHidden = hidden || (!self && !user.ShowLastSeen);
        var lastSeen = activity.LastSeen(user.Id) is { } recent && recent > (user.LastSeenAt ?? default) ? recent : user.LastSeenAt;
        return new UserProfile(
            user.Id, user.Username, user.DisplayName, hidden ? null : user.AvatarUrl, lastSeenHidden ? null : lastSeen)
        {
            ShowLastSeen = self ? user.ShowLastSeen : null,
            AppId = user.AppId,
        };
    }

    /// <inheritdoc />
    public async Task<BlockResult> BlockAsync(Guid targetId, BlockTerms? terms = null)
    {
        var blockerId = GetPrimaryKey();
        if (targetId == blockerId)
        {
            return new BlockResult(BlockOutcome.Self);
        }

        // No answer from memory: a copy that still holds a block lifted on another silo would refuse a block the database lacks.
        // A user of another app is unknown here (SPEC section 8).
        if (_state.User is not { } blocker || await store.GetUserAsync(targetId) is not { } target || target.AppId != blocker.AppId)
        {
            return new BlockResult(BlockOutcome.UserNotFound);
        }

        // SPEC sections 6 and 11: counted in the database with the insert, so the limit holds across silos; refusals use no permit.
        var limit = new RateWindow(options.Value.RateLimit.PermitsPerHour, TimeSpan.FromHours(1));
        var now = StoreClock.Now(timeProvider);
        var expiresAt = terms?.ExpiresAt is { } expiry ? StoreClock.Normalize(expiry) : (DateTimeOffset?)null;
        var report = terms?.Report is { } asked
            ? new ReportDraft(
                Guid.CreateVersion7(), asked.Reason, [.. asked.MessageIds.Distinct()], asked.Comment,
                new RateWindow(options.Value.RateLimit.ReportsPerDay, TimeSpan.FromDays(1)))
            : null;
        var attempt = await store.AddBlockWithinLimitAsync(blockerId, targetId, now, limit, expiresAt, terms?.Note, report);
        if (attempt.InvalidReportMessage)
        {
            return new BlockResult(BlockOutcome.InvalidReportMessage);
        }

        if (attempt.Result is not { } added)
        {
            return new BlockResult(BlockOutcome.RateLimited, RetryAfter: attempt.RetryAfter);
        }

        _state.Blocks = _state.Blocks.With(targetId, added.CreatedAt, added.ExpiresAt, added.Note);
        if (!added.Added)
        {
            // The database has it (stored here before, or on another silo); memory has caught up now.
            return new BlockResult(BlockOutcome.AlreadyBlocked, added.CreatedAt) { ExpiresAt = added.ExpiresAt, Note = added.Note };
        }

        if (added.Expired is { } expired)
        {
            // An earlier timed block of the pair had expired and the server's expiry had not reached it yet: it ends now, reported
            // exactly as the expiry would have.
            await expiries.ReportAsync(expired, now);
        }

        LogBlocked(blockerId, targetId);
        ChatBlockMetrics.Blocked();
        await events.BlockAddedAsync(blockerId, targetId, added.ConversationId, added.CreatedAt);
        return new BlockResult(BlockOutcome.Blocked, added.CreatedAt, added.ConversationId)
        {
            ExpiresAt = added.ExpiresAt,
            Note = added.Note,
            ReportId = added.ReportId,
        };
    }

    /// <inheritdoc />
    public async Task<BlockEntry?> UpdateBlockAsync(Guid targetId, BlockPatch patch)
    {
        var update = new BlockUpdate(
            patch.ChangesExpiry, patch.ExpiresAt is { } expiry ? StoreClock.Normalize(expiry) : null, patch.ChangesNote, patch.Note);
        // Ask storage even when memory says "not blocked": memory may be behind a block made on another silo.
        var updated = await store.UpdateBlockAsync(GetPrimaryKey(), targetId, update, StoreClock.Now(timeProvider));
        if (updated is null)
        {
            // Not blocked, or expired: memory drops what it may still hold (an expired entry is ignored by time anyway).
            _state.Blocks = _state.Blocks.Without(targetId);
            return null;
        }

        _state.Blocks = _state.Blocks.With(targetId, updated.CreatedAt, updated.ExpiresAt, updated.Note);
        return new BlockEntry(targetId, updated.CreatedAt, updated.ExpiresAt, updated.Note);
    }

    /// <inheritdoc />
    public Task<BlockEntry?> GetBlockAsync(Guid otherId) =>
        BlocksAreFresh
            ? Task.FromResult(_state.Blocks.Find(otherId, timeProvider.GetUtcNow()))
            : ReloadThenAsync(otherId, static (grain, other) => grain._state.Blocks.Find(other, grain.Clock.GetUtcNow()));

    /// <inheritdoc />
    public async Task<UnblockResult> UnblockAsync(Guid targetId)
    {
        var blockerId = GetPrimaryKey();
        var at = StoreClock.Now(timeProvider);
        // Ask storage even when memory says "not blocked": memory may be behind a block made on another silo.
        var removed = await store.RemoveBlockAsync(blockerId, targetId, at);
        _state.Blocks = _state.Blocks.Without(targetId);
        if (!removed)
        {
            return new UnblockResult(false, null);
        }

        LogUnblocked(blockerId, targetId);
        ChatBlockMetrics.Unblocked();
        await events.BlocksRemovedAsync(blockerId, [targetId], at);
        return new UnblockResult(true, at);
    }

    /// <inheritdoc />
    public async Task<int> UnblockAllAsync()
    {
        var blockerId = GetPrimaryKey();
        var at = StoreClock.Now(timeProvider);
        var removed = await store.RemoveAllBlocksAsync(blockerId, at);
        _state.Blocks = _state.Blocks.Cleared();
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
    public Task<BlockPage> ListBlocksAsync(int limit, BlockCursor? after) =>
        BlocksAreFresh
            ? Task.FromResult(ListBlocks(limit, after))
            : ReloadThenAsync((limit, after), static (grain, args) => grain.ListBlocks(args.limit, args.after));

    private BlockPage ListBlocks(int limit, BlockCursor? after)
    {
        // An expired block is absent from the instant it expires, removed from storage or not yet (SPEC section 10).
        var entries = _state.Blocks.Active(timeProvider.GetUtcNow());
        if (after is not null)
        {
            entries = entries.Where(
                e => e.CreatedAt < after.CreatedAt || (e.CreatedAt == after.CreatedAt && e.UserId.CompareTo(after.UserId) < 0));
        }

        var page = entries
            .OrderByDescending(e => e.CreatedAt)
            .ThenByDescending(e => e.UserId)
            .Take(limit + 1)
            .ToList();
        BlockCursor? next = null;
        if (page.Count > limit)
        {
            page.RemoveAt(limit);
            next = new BlockCursor(page[^1].CreatedAt, page[^1].UserId);
        }

        return new BlockPage(page, next);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Runs beside any turn (<c>[AlwaysInterleave]</c>): it reads the set reference once, and a set is never changed once
    /// published (<see cref="BlockSet"/>), so it answers from the set before or after a write turn's change, whole. A stale set
    /// is not reloaded here, where a reload could publish an older set after a write turn published a newer one: the check
    /// goes to a turn of its own, which reloads if the set is still stale and answers after.
    /// </remarks>
    public ValueTask<bool> IsBlockingAsync(Guid otherId)
    {
        var blocks = _state.Blocks;
        return IsFresh(blocks)
            ? new(blocks.IsBlocking(otherId, timeProvider))
            : InvokeInTurnAsync(static (grain, other) => ((UserGrain)grain).IsBlockingInTurnAsync(other), otherId);
    }

    // The send gate's check in a write turn, after a reload when the set is stale still (another turn may have reloaded it).
    private async ValueTask<bool> IsBlockingInTurnAsync(Guid otherId)
    {
        if (!BlocksAreFresh)
        {
            await LoadBlocksAsync(CancellationToken.None);
        }

        return _state.Blocks.IsBlocking(otherId, timeProvider);
    }

    /// <inheritdoc />
    public Task RefreshBlocksAsync() => LoadBlocksAsync(CancellationToken.None);

    private TimeProvider Clock => timeProvider;

    private bool BlocksAreFresh => IsFresh(_state.Blocks);

    // Whether `blocks` is still this user's set: a user that does not exist has no blocks to go stale. Given the set the caller
    // read, so that an interleaved check judges the same set it answers from.
    private bool IsFresh(BlockSet blocks) => _state.User is null || stamps.IsFresh(_stampSlot, blocks.LoadedAt);

    private async Task<TResult> ReloadThenAsync<TArg, TResult>(TArg arg, Func<UserGrain, TArg, TResult> answer)
    {
        await LoadBlocksAsync(CancellationToken.None);
        return answer(this, arg);
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
        // Taken before the read: a change stamped after this point makes the set stale even if the read already saw it. Kept
        // only once the read succeeded, so a failed reload leaves the set stale.
        var loadedAt = stamps.Now;
        var rows = await store.GetBlocksByBlockerAsync(GetPrimaryKey(), cancellationToken);
        // A new set with its stamp, swapped in whole (one reference write): read-only calls ([ReadOnly], several at once) may
        // reload a stale set while others read the old one, and IsBlockingAsync reads beside any turn; no set is ever changed once
        // published. Rows that expired but are not removed yet are kept: the set ignores them by time.
        _state.Blocks = BlockSet.Of(rows, loadedAt);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{GrainType} {GrainKey} activated with {BlockCount} blocks")]
    private partial void LogActivated(string grainType, Guid grainKey, int blockCount);

    // SPEC section 6 / seed 002: the audit line at Warning level, exactly in this form.
    [LoggerMessage(Level = LogLevel.Warning, Message = "[block] AUDIT: User {BlockerId} blocked {BlockedId}")]
    private partial void LogBlocked(Guid blockerId, Guid blockedId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[block] AUDIT: User {BlockerId} unblocked {BlockedId}")]
    private partial void LogUnblocked(Guid blockerId, Guid blockedId);
}
