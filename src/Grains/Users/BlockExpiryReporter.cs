using ChatBlock.Grains.Events;
using ChatBlock.Storage;
using Microsoft.Extensions.Logging;

namespace ChatBlock.Grains.Users;

/// <summary>
/// The one place where a timed block that ended by itself is reported (SPEC section 10), after storage removed and audited it:
/// by <see cref="BlockExpiryService"/> for the rows it claimed, and by <see cref="UserGrain.BlockAsync"/> when a new block
/// replaced an expired row the service had not reached yet. Each expired row is claimed by exactly one caller across all silos,
/// so each is reported once.
/// </summary>
public sealed partial class BlockExpiryReporter(IEventPublisher events, ILogger<BlockExpiryReporter> logger)
{
    /// <summary>
    /// Reports that <paramref name="expired"/> ended: the audit line at Warning (actor <c>system</c>) and a <c>block.expired</c> live
    /// event to the blocker's sessions. <paramref name="claimedAt"/> is when it was removed (its audit row's time).
    /// </summary>
    /// <remarks>
    /// Webhooks: the <c>block.expired</c> webhook (SPEC section 8) belongs here, next to the live event. For at-least-once delivery its
    /// outbox row must be written in the transaction that claims the row: <c>IChatStore.ExpireBlocksAsync</c> and the claim of an
    /// expired row in <c>IChatStore.AddBlockWithinLimitAsync</c> (PostgreSQL <c>PostgresSql.ExpireBlocks</c> and
    /// <c>ClaimExpiredBlock</c>, SQLite and memory alike).
    /// </remarks>
    public Task ReportAsync(BlockRecord expired, DateTimeOffset claimedAt)
    {
        LogExpired(expired.BlockerId, expired.BlockedId);
        return events.BlockExpiredAsync(expired.BlockerId, expired.BlockedId, expired.ExpiresAt ?? claimedAt);
    }

    // SPEC section 6's audit line; the actor is the system, not the blocker.
    [LoggerMessage(Level = LogLevel.Warning, Message = "[block] AUDIT: System unblocked {BlockedId} for User {BlockerId}: the timed block expired")]
    private partial void LogExpired(Guid blockerId, Guid blockedId);
}
