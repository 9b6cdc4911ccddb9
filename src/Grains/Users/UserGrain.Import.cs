using ChatBlock.Grains.Telemetry;
using ChatBlock.Storage;

namespace ChatBlock.Grains.Users;

/// <content>
/// Block list export and import (SPEC section 10). An import is one store transaction; afterwards the block set is reloaded
/// from storage, every change is logged as an audit line, and the importer's sessions get one <c>blocks.replaced</c> event.
/// Other silos reload their copy on their next use (<see cref="BlockSetStamps"/>, from the store's notification).
/// </content>
public sealed partial class UserGrain
{
    /// <inheritdoc />
    public async Task<BlockImportResult> ImportBlocksAsync(IReadOnlyList<BlockImportItem> items, bool overwrite, bool dryRun)
    {
        var blockerId = GetPrimaryKey();
        if (_state.User is null)
        {
            return new BlockImportResult([], [], [], [.. items.Select(i => i.Given)], []);
        }

        // One import is one request of the block limit (SPEC sections 6 and 10): it needs one permit when it adds blocks.
        var limit = new RateWindow(options.Value.RateLimit.PermitsPerHour, TimeSpan.FromHours(1));
        var at = StoreClock.Now(timeProvider);
        var outcome = await store.ImportBlocksAsync(
            blockerId, [.. items.Select(i => new BlockImportRow(i.UserId, i.Username))], overwrite, dryRun, at, limit);
        if (outcome.RetryAfter is { } wait)
        {
            return new BlockImportResult([], [], [], [], [], wait);
        }

        if (!dryRun && (outcome.Added.Count > 0 || outcome.Removed.Count > 0))
        {
            await LoadBlocksAsync(CancellationToken.None);
            foreach (var targetId in outcome.Added)
            {
                LogBlocked(blockerId, targetId);
                ChatBlockMetrics.Blocked();
            }

            foreach (var targetId in outcome.Removed)
            {
                LogUnblocked(blockerId, targetId);
                ChatBlockMetrics.Unblocked();
            }

            await events.BlocksReplacedAsync(blockerId, outcome.Added.Count, outcome.Removed.Count, at);
        }

        return Report(blockerId, items, outcome);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BlockExportEntry>> ExportBlocksAsync()
    {
        if (_state.User is null)
        {
            return [];
        }

        // From storage, not memory: the rows carry what the in-memory set does not keep.
        var rows = await store.GetBlocksByBlockerAsync(GetPrimaryKey());
        var names = await store.GetUsernamesAsync([.. rows.Select(r => r.BlockedId)]);
        return [.. rows.Where(r => names.ContainsKey(r.BlockedId)).OrderBy(r => r.CreatedAt).Select(r => Export(r, names[r.BlockedId]))];
    }

    // The one place a stored block becomes an export entry: timed blocks (expiry and note, SPEC section 10) are wired in here.
    private static BlockExportEntry Export(BlockRecord block, string username) =>
        new(block.BlockedId, username, block.CreatedAt, ExpiresAt: null, Note: null);

    private static BlockImportResult Report(Guid blockerId, IReadOnlyList<BlockImportItem> items, BlockImportOutcome outcome)
    {
        var added = outcome.Added.ToHashSet();
        var seen = new HashSet<Guid>();
        List<string> addedGiven = [], already = [], unknown = [], self = [];
        for (var i = 0; i < items.Count; i++)
        {
            if (outcome.Resolved[i] is not { } userId)
            {
                unknown.Add(items[i].Given);
            }
            else if (!seen.Add(userId))
            {
                // A repeat of a user an earlier row named: reported once.
            }
            else if (userId == blockerId)
            {
                self.Add(items[i].Given);
            }
            else
            {
                (added.Contains(userId) ? addedGiven : already).Add(items[i].Given);
            }
        }

        return new BlockImportResult(addedGiven, [.. outcome.Removed.Select(id => id.ToString("D"))], already, unknown, self);
    }
}
