namespace ChatBlock.Grains.Users;

/// <summary>
/// Tells this silo's <see cref="UserGrain"/> activations whether the block set they loaded may be stale, without waiting for
/// their turns (issue 11, items 2 and 3): <see cref="UserGrainInvalidator"/> stamps a user when another silo changed their
/// blocks, stamps everyone when the cluster channel was reset, and marks the silo untrusted while the channel is not listening.
/// A grain remembers <see cref="Now"/> before it reads its blocks from storage and reloads on its next call when
/// <see cref="IsFresh(Guid, long)"/> says no.
/// </summary>
/// <remarks>
/// Stamps come from one counter. Users share 4,096 slots by hash (32 KB, however many users there are), so a stamp on one user
/// can make another reload once more than needed, never less. A notification arrives after the change is committed, so a load
/// that begins after the stamp (reads a counter at or past it) sees the change.
/// </remarks>
public sealed class BlockSetStamps
{
    private const int SlotMask = 4095;
    private readonly long[] _changed = new long[SlotMask + 1];
    private long _clock;
    private long _resetAt;
    private int _untrusted;

    /// <summary>The stamp to record before reading a block set from storage.</summary>
    public long Now => Volatile.Read(ref _clock);

    /// <summary>
    /// Whether a block set of <paramref name="userId"/> loaded at <paramref name="loadedAt"/> (<see cref="Now"/> before the read)
    /// still holds: this silo listens, and neither the user nor everyone was stamped since.
    /// </summary>
    public bool IsFresh(Guid userId, long loadedAt) => IsFresh(SlotOf(userId), loadedAt);

    /// <summary>
    /// As <see cref="IsFresh(Guid, long)"/> for the user whose <see cref="SlotOf"/> is <paramref name="slot"/>: for a caller that
    /// asks often for one user (a grain) and keeps the slot, so that the check is three reads and two comparisons.
    /// </summary>
    public bool IsFresh(int slot, long loadedAt) =>
        Volatile.Read(ref _untrusted) == 0
        && Volatile.Read(ref _resetAt) <= loadedAt
        && Volatile.Read(ref _changed[slot & SlotMask]) <= loadedAt;

    /// <summary>The slot <paramref name="userId"/>'s stamps share with other users (0 to 4,095), for <see cref="IsFresh(int, long)"/>.</summary>
    public static int SlotOf(Guid userId) => userId.GetHashCode() & SlotMask;

    /// <summary>Another silo changed <paramref name="userId"/>'s blocks: a set loaded before now is stale.</summary>
    public void Invalidate(Guid userId) => RaiseTo(ref _changed[SlotOf(userId)], Interlocked.Increment(ref _clock));

    /// <summary>
    /// Notifications may have been missed: every set loaded before now is stale. With <paramref name="trust"/>, sets loaded from
    /// now on are trusted again (the channel listens again).
    /// </summary>
    public void InvalidateAll(bool trust)
    {
        RaiseTo(ref _resetAt, Interlocked.Increment(ref _clock));
        if (trust)
        {
            Volatile.Write(ref _untrusted, 0);
        }
    }

    /// <summary>The channel stopped listening: until <see cref="InvalidateAll"/> with trust, every call reloads from storage.</summary>
    public void StopTrusting() => Volatile.Write(ref _untrusted, 1);

    private static void RaiseTo(ref long slot, long stamp)
    {
        var current = Volatile.Read(ref slot);
        while (current < stamp)
        {
            var seen = Interlocked.CompareExchange(ref slot, stamp, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
