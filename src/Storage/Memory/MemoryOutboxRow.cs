using ChatBlock.Storage.Webhooks;

namespace ChatBlock.Storage.Memory;

/// <summary>One row of <see cref="MemoryDatabase.Outbox"/>, changed only under the database's lock.</summary>
internal sealed class MemoryOutboxRow(OutboxEvent firstState, Guid orderKey)
{
    /// <summary>The event as the sender sees it (attempts updated on each reschedule).</summary>
    public OutboxEvent Event { get; set; } = firstState;

    /// <summary>The blocker whose events are delivered in order.</summary>
    public Guid OrderKey { get; } = orderKey;

    /// <summary>Not before this time.</summary>
    public DateTimeOffset NextAttemptAt { get; set; } = firstState.CreatedAt;

    /// <summary>Leased until this time, or null.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>When it was given up, or null.</summary>
    public DateTimeOffset? DeadAt { get; set; }
}
