namespace ChatBlock.Storage;

/// <summary>
/// The diff of a block list import (SPEC section 10), the same for every store: which resolved users get blocked and, for an
/// overwrite, which blocked users get unblocked.
/// </summary>
public static class BlockImportPlan
{
    /// <summary>
    /// The users to block (named, not the blocker, not blocked now; in row order, each once) and, with
    /// <paramref name="overwrite"/>, the users to unblock (blocked now and not named).
    /// </summary>
    /// <param name="blockerId">The importer.</param>
    /// <param name="resolved">Each row's user, or null for an unknown one.</param>
    /// <param name="current">The users the blocker blocks now.</param>
    /// <param name="overwrite">Whether blocks not named are removed.</param>
    public static (List<Guid> Added, List<Guid> Removed) Diff(
        Guid blockerId, IReadOnlyList<Guid?> resolved, IReadOnlyCollection<Guid> current, bool overwrite)
    {
        var blocked = current as IReadOnlySet<Guid> ?? current.ToHashSet();
        var named = new HashSet<Guid>();
        var added = new List<Guid>();
        foreach (var id in resolved)
        {
            if (id is { } userId && userId != blockerId && named.Add(userId) && !blocked.Contains(userId))
            {
                added.Add(userId);
            }
        }

        var removed = overwrite ? current.Where(id => !named.Contains(id)).ToList() : [];
        return (added, removed);
    }

    /// <summary>
    /// The times that count toward the block limit, newest first, from a blocker's <c>block</c> audit rows (time and import id):
    /// each single block once, and each import once however many rows it wrote.
    /// </summary>
    public static List<DateTimeOffset> CountedTimes(IEnumerable<(DateTimeOffset CreatedAt, Guid? ImportId)> blockRows) =>
    [
        .. blockRows.GroupBy(r => r.ImportId ?? Guid.NewGuid()).Select(g => g.Max(r => r.CreatedAt)).OrderDescending(),
    ];
}
