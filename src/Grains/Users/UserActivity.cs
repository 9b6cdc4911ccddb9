using ChatBlock.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace ChatBlock.Grains.Users;

/// <summary>
/// Last-seen without a grain turn (<c>lastSeenAt</c>, SPEC section 4): the gateway records each authenticated request here, a
/// memory write on this silo; the user's grain reads the latest time when it shows the profile; and the time is written to
/// storage at most once a minute per user, by the request that finds the last write a minute old. So a request costs no call
/// into the caller's grain, and a send turns the sender's grain once (for the send gate).
/// </summary>
/// <remarks>
/// One entry per user active on this silo, dropped after <see cref="IdleExpiry"/> without activity (or under size pressure); what
/// was recorded since the last write is then lost, as it was when an idle user grain deactivated. Other silos see the stored time.
/// </remarks>
public sealed class UserActivity(IChatStore store, TimeProvider timeProvider)
{
    /// <summary>How long an entry of a user with no activity is kept.</summary>
    public static readonly TimeSpan IdleExpiry = TimeSpan.FromMinutes(10);

    private static readonly long WriteInterval = TimeSpan.FromMinutes(1).Ticks;
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = 1_000_000 });

    /// <summary>Records activity of <paramref name="userId"/> now; writes it to storage when the last write is a minute old.</summary>
    /// <exception cref="Exception">Storage faults of that write reach the caller unchanged (the next request tries again).</exception>
    public async Task RecordAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var now = StoreClock.Now(timeProvider).UtcTicks;
        var entry = _entries.GetOrCreate(userId, e =>
        {
            e.Size = 1;
            e.SlidingExpiration = IdleExpiry;
            return new Entry();
        })!;

        long seen;
        while ((seen = Volatile.Read(ref entry.SeenTicks)) < now && Interlocked.CompareExchange(ref entry.SeenTicks, now, seen) != seen)
        {
        }

        var written = Volatile.Read(ref entry.WrittenTicks);
        if (now - written < WriteInterval || Interlocked.CompareExchange(ref entry.WrittenTicks, now, written) != written)
        {
            return;
        }

        try
        {
            await store.UpdateLastSeenAsync(userId, new DateTimeOffset(now, TimeSpan.Zero), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.CompareExchange(ref entry.WrittenTicks, written, now);
            throw;
        }
    }

    /// <summary>The last activity of <paramref name="userId"/> recorded on this silo, or null.</summary>
    public DateTimeOffset? LastSeen(Guid userId) =>
        _entries.TryGetValue(userId, out Entry? entry) ? new DateTimeOffset(Volatile.Read(ref entry!.SeenTicks), TimeSpan.Zero) : null;

    private sealed class Entry
    {
        public long SeenTicks;
        public long WrittenTicks;
    }
}
