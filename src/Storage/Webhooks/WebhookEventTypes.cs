using System.Globalization;

namespace ChatBlock.Storage.Webhooks;

/// <summary>
/// The <c>type</c> of each webhook event (SPEC section 8) and the name of the time field its <c>data</c> carries next to
/// <c>blocker</c> and <c>blocked</c> (external ids). A later kind is one more line here and one outbox write in its store change.
/// </summary>
public static class WebhookEventTypes
{
    /// <summary>A block was made; data <c>{blocker, blocked, blockedAt}</c>.</summary>
    public static readonly WebhookEventType BlockCreated = new("block.created", "blockedAt");

    /// <summary>A block was removed (unblock, unblock all, account deletion); data <c>{blocker, blocked, unblockedAt}</c>.</summary>
    public static readonly WebhookEventType BlockDeleted = new("block.deleted", "unblockedAt");

    /// <summary>
    /// A timed block ended by itself (SPEC section 10), sent once across silos by the server's expiry; data
    /// <c>{blocker, blocked, expiredAt}</c> (the block's expiry instant).
    /// </summary>
    public static readonly WebhookEventType BlockExpired = new("block.expired", "expiredAt");

    /// <summary>
    /// A user reported and blocked another in one call (SPEC section 10), sent after that block's <c>block.created</c>; data
    /// <c>{blocker, blocked, reportedAt}</c>. The report itself (reason, comment, evidence) is read with the server key from
    /// <c>GET /api/v1/apps/{appId}/reports</c>, so message contents never travel in a webhook.
    /// </summary>
    public static readonly WebhookEventType ReportCreated = new("report.created", "reportedAt");

    /// <summary>
    /// A time as webhook payloads write it: ISO 8601 UTC with milliseconds (<c>2026-11-22T06:00:00.123Z</c>, SPEC section 8).
    /// </summary>
    public static string FormatTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
