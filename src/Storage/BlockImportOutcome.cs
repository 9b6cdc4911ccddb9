namespace ChatBlock.Storage;

/// <summary>What <see cref="IChatStore.ImportBlocksAsync"/> did, or would do on a dry run (SPEC section 10).</summary>
/// <param name="Resolved">
/// For each row, in order, the existing user it names, or null when no active user has that id or name. A row that resolves to
/// the blocker is the blocker's own id (reported as "self", never stored).
/// </param>
/// <param name="Added">The users newly blocked (or that would be), in row order, each once.</param>
/// <param name="Removed">The users no longer blocked (overwrite only; or that would be).</param>
/// <param name="RetryAfter">
/// When the block limit refused the import (nothing changed): the time until the blocker has a permit again. Null otherwise.
/// </param>
public sealed record BlockImportOutcome(
    IReadOnlyList<Guid?> Resolved, IReadOnlyList<Guid> Added, IReadOnlyList<Guid> Removed, TimeSpan? RetryAfter = null);
