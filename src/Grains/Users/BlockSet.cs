using ChatBlock.Storage;

namespace ChatBlock.Grains.Users;

/// <summary>
/// A user's outgoing blocks in memory, immutable once made: every blocked id with its block time, and apart from it the few
/// that expire (SPEC section 10) and the few that carry a note, so that a permanent block costs one 36-byte dictionary entry and
/// the send gate's check of a permanent block reads no clock. Carries <see cref="LoadedAt"/>, the stamp its rows were read at,
/// so that a set and its freshness are published together, in one reference write.
/// </summary>
/// <remarks>
/// Copy on write: a change (<see cref="With"/>, <see cref="Without"/>, <see cref="Cleared"/>) makes a new set and the grain swaps
/// its reference, so a reader that runs beside a write turn (<c>IUserGrain.IsBlockingAsync</c> is
/// <c>[AlwaysInterleave]</c>) sees the set before the change or after it, never one being changed. The cost is one copy of
/// the set per block or unblock, O(blocks of that user) time and a short-lived second set; a set is sized to its entries, so the
/// memory a set holds per entry is the same whether it was loaded or copied.
/// </remarks>
internal sealed class BlockSet
{
    // Shared by every set without timed blocks or notes (most): never changed, since no set is.
    private static readonly Dictionary<Guid, long> NoExpiries = [];
    private static readonly Dictionary<Guid, string> NoNotes = [];

    // Blocked user id to block time in UTC ticks.
    private readonly Dictionary<Guid, long> _created;

    // Blocked user id to expiry in UTC ticks, timed blocks only.
    private readonly Dictionary<Guid, long> _expires;

    // Blocked user id to the blocker's private note, blocks with a note only.
    private readonly Dictionary<Guid, string> _notes;

    private BlockSet(Dictionary<Guid, long> created, Dictionary<Guid, long> expires, Dictionary<Guid, string> notes, long loadedAt)
    {
        _created = created;
        _expires = expires.Count == 0 ? NoExpiries : expires;
        _notes = notes.Count == 0 ? NoNotes : notes;
        LoadedAt = loadedAt;
    }

    /// <summary>
    /// <see cref="BlockSetStamps.Now"/> taken before this set's rows were read from storage; a set derived from another by a
    /// change keeps its stamp (the change is in storage and in the set, and says nothing about other silos' changes).
    /// </summary>
    public long LoadedAt { get; }

    /// <summary>How many entries the set holds, expired ones not yet removed included.</summary>
    public int Count => _created.Count;

    /// <summary>A set with no blocks, as if loaded at <paramref name="loadedAt"/>.</summary>
    public static BlockSet Empty(long loadedAt) => new([], NoExpiries, NoNotes, loadedAt);

    /// <summary>A set of the rows storage returned, read after <paramref name="loadedAt"/> was taken.</summary>
    public static BlockSet Of(IReadOnlyList<BlockRecord> rows, long loadedAt)
    {
        var created = new Dictionary<Guid, long>(rows.Count);
        Dictionary<Guid, long> expires = [];
        Dictionary<Guid, string> notes = [];
        foreach (var row in rows)
        {
            Put(created, expires, notes, row.BlockedId, row.CreatedAt, row.ExpiresAt, row.Note);
        }

        return new BlockSet(created, expires, notes, loadedAt);
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

    /// <summary>A copy of this set with the block of <paramref name="blockedId"/> added or replaced.</summary>
    public BlockSet With(Guid blockedId, DateTimeOffset createdAt, DateTimeOffset? expiresAt, string? note)
    {
        var created = Copy(_created, Count + 1, except: null);
        var expires = Copy(_expires, _expires.Count + 1, except: null);
        var notes = Copy(_notes, _notes.Count + 1, except: null);
        Put(created, expires, notes, blockedId, createdAt, expiresAt, note);
        return new BlockSet(created, expires, notes, LoadedAt);
    }

    /// <summary>A copy of this set without the block of <paramref name="blockedId"/>; this set itself when it has none.</summary>
    public BlockSet Without(Guid blockedId) =>
        _created.ContainsKey(blockedId)
            ? new BlockSet(
                Copy(_created, Count - 1, blockedId), Copy(_expires, _expires.Count, blockedId), Copy(_notes, _notes.Count, blockedId),
                LoadedAt)
            : this;

    /// <summary>An empty set with this set's <see cref="LoadedAt"/>.</summary>
    public BlockSet Cleared() => Empty(LoadedAt);

    /// <summary>Every block in force at <paramref name="now"/>, in no particular order.</summary>
    public IEnumerable<BlockEntry> Active(DateTimeOffset now) =>
        _created.Select(e => Entry(e.Key, e.Value)).Where(e => IsActive(e, now));

    private static void Put(
        Dictionary<Guid, long> created,
        Dictionary<Guid, long> expires,
        Dictionary<Guid, string> notes,
        Guid blockedId,
        DateTimeOffset createdAt,
        DateTimeOffset? expiresAt,
        string? note)
    {
        created[blockedId] = createdAt.UtcTicks;
        if (expiresAt is { } expiry)
        {
            expires[blockedId] = expiry.UtcTicks;
        }
        else
        {
            expires.Remove(blockedId);
        }

        if (note is not null)
        {
            notes[blockedId] = note;
        }
        else
        {
            notes.Remove(blockedId);
        }
    }

    // A new dictionary sized for `capacity` entries (so that a copy holds no more memory per entry than a loaded set), with every
    // entry of `source` but `except`.
    private static Dictionary<Guid, TValue> Copy<TValue>(Dictionary<Guid, TValue> source, int capacity, Guid? except)
    {
        var copy = new Dictionary<Guid, TValue>(capacity);
        foreach (var (key, value) in source)
        {
            if (key != except)
            {
                copy.Add(key, value);
            }
        }

        return copy;
    }

    private static bool IsActive(BlockEntry entry, DateTimeOffset now) => entry.ExpiresAt is not { } expires || expires > now;

    private BlockEntry Entry(Guid blockedId, long createdTicks) => new(
        blockedId,
        new DateTimeOffset(createdTicks, TimeSpan.Zero),
        _expires.TryGetValue(blockedId, out var expires) ? new DateTimeOffset(expires, TimeSpan.Zero) : null,
        _notes.GetValueOrDefault(blockedId));
}
