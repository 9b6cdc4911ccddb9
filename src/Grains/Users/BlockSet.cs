using ChatBlock.Storage;

namespace ChatBlock.Grains.Users;

/// <summary>
/// A user's outgoing blocks in memory: every blocked id with its block time, and apart from it the few that expire (SPEC section
/// 10) and the few that carry a note, so that a permanent block costs one 36-byte dictionary entry and the send gate's check of a
/// permanent block reads no clock.
/// </summary>
/// <remarks>
/// Changed only in a grain's write turns, which exclude its read-only calls; a reload builds a new set and swaps it in whole.
/// </remarks>
internal sealed class BlockSet
{
    // Blocked user id to block time in UTC ticks.
    private readonly Dictionary<Guid, long> _created;

    // Blocked user id to expiry in UTC ticks, timed blocks only.
    private readonly Dictionary<Guid, long> _expires = [];

    // Blocked user id to the blocker's private note, blocks with a note only.
    private readonly Dictionary<Guid, string> _notes = [];

    /// <summary>An empty set with room for <paramref name="capacity"/> blocks.</summary>
    public BlockSet(int capacity = 0) => _created = new Dictionary<Guid, long>(capacity);

    /// <summary>How many entries the set holds, expired ones not yet removed included.</summary>
    public int Count => _created.Count;

    /// <summary>A set of the rows storage returned.</summary>
    public static BlockSet Of(IReadOnlyList<BlockRecord> rows)
    {
        var set = new BlockSet(rows.Count);
        foreach (var row in rows)
        {
            set.Set(row.BlockedId, row.CreatedAt, row.ExpiresAt, row.Note);
        }

        return set;
    }

    /// <summary>
    /// Whether <paramref name="otherId"/> is blocked at <paramref name="clock"/>'s now: a timed block counts until the instant it
    /// expires. Allocates nothing; reads the clock only for a timed block.
    /// </summary>
    public bool IsBlocking(Guid otherId, TimeProvider clock) =>
        _created.ContainsKey(otherId)
        && (_expires.Count == 0 || !_expires.TryGetValue(otherId, out var expires) || expires > clock.GetUtcNow().UtcTicks);

    /// <summary>The block of <paramref name="otherId"/> while it is in force at <paramref name="now"/>, or null.</summary>
    public BlockEntry? Find(Guid otherId, DateTimeOffset now) =>
        _created.TryGetValue(otherId, out var created) && Entry(otherId, created) is var entry && IsActive(entry, now) ? entry : null;

    /// <summary>Adds or replaces the block of <paramref name="blockedId"/>.</summary>
    public void Set(Guid blockedId, DateTimeOffset createdAt, DateTimeOffset? expiresAt, string? note)
    {
        _created[blockedId] = createdAt.UtcTicks;
        if (expiresAt is { } expires)
        {
            _expires[blockedId] = expires.UtcTicks;
        }
        else
        {
            _expires.Remove(blockedId);
        }

        if (note is not null)
        {
            _notes[blockedId] = note;
        }
        else
        {
            _notes.Remove(blockedId);
        }
    }

    /// <summary>Removes the block of <paramref name="blockedId"/>, if any.</summary>
    public void Remove(Guid blockedId)
    {
        _created.Remove(blockedId);
        _expires.Remove(blockedId);
        _notes.Remove(blockedId);
    }

    /// <summary>Removes every block.</summary>
    public void Clear()
    {
        _created.Clear();
        _expires.Clear();
        _notes.Clear();
    }

    /// <summary>Every block in force at <paramref name="now"/>, in no particular order.</summary>
    public IEnumerable<BlockEntry> Active(DateTimeOffset now) =>
        _created.Select(e => Entry(e.Key, e.Value)).Where(e => IsActive(e, now));

    private static bool IsActive(BlockEntry entry, DateTimeOffset now) => entry.ExpiresAt is not { } expires || expires > now;

    private BlockEntry Entry(Guid blockedId, long createdTicks) => new(
        blockedId,
        new DateTimeOffset(createdTicks, TimeSpan.Zero),
        _expires.TryGetValue(blockedId, out var expires) ? new DateTimeOffset(expires, TimeSpan.Zero) : null,
        _notes.GetValueOrDefault(blockedId));
}
