namespace ChatBlock.Grains;

/// <summary>
/// What <see cref="IUserGrain.ImportBlocksAsync"/> did, or would do on a dry run (SPEC section 10). Users named by a row are
/// listed as the row named them (<see cref="BlockImportItem.Given"/>), in row order, each user once.
/// </summary>
/// <param name="Added">Newly blocked.</param>
/// <param name="Removed">No longer blocked (overwrite only): user ids, since no row named them.</param>
/// <param name="AlreadyBlocked">Named and already blocked (unchanged).</param>
/// <param name="Unknown">Naming no active user (unchanged).</param>
/// <param name="Self">Naming the importer (never blocked).</param>
/// <param name="RetryAfter">Set when the block limit refused the import (nothing changed, lists empty): the wait for a permit.</param>
public sealed record BlockImportResult(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> AlreadyBlocked,
    IReadOnlyList<string> Unknown,
    IReadOnlyList<string> Self,
    TimeSpan? RetryAfter = null);
