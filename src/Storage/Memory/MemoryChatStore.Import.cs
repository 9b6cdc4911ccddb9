using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Webhooks;

namespace ChatBlock.Storage.Memory;

/// <content>Block list import and the usernames export reads (SPEC section 10).</content>
public sealed partial class MemoryChatStore
{
    /// <inheritdoc />
    /// <remarks>Under the database's single lock, so it is atomic and ordered against every send.</remarks>
    public async Task<BlockImportOutcome> ImportBlocksAsync(
        Guid blockerId, IReadOnlyList<BlockImportRow> rows, bool overwrite, bool dryRun, DateTimeOffset at, RateWindow limit,
        CancellationToken cancellationToken = default)
    {
        BlockImportOutcome outcome;
        lock (_gate)
        {
            // Users of the importer's app only (SPEC section 8): another app's user answers as an unknown one.
            var appId = database.Users[blockerId].User.AppId;
            var byName = rows.Any(r => r.UserId is null)
                ? database.Users.Values.Where(u => u.User.AppId == appId)
                    .ToDictionary(u => u.User.Username, u => u.User.Id, StringComparer.Ordinal)
                : [];
            var resolved = rows.Select(r => r.UserId is { } id
                    ? database.Users.TryGetValue(id, out var user) && user.User.AppId == appId ? id : (Guid?)null
                    : BlockImportPlan.FindByName(byName, r.Username!))
                .ToList();
            var current = database.Blocks.Keys.Where(k => k.Blocker == blockerId).Select(k => k.Blocked).ToHashSet();
            var (added, removed) = BlockImportPlan.Diff(blockerId, resolved, current, overwrite);
            if (added.Count > 0 && limit.IsOn)
            {
                var counted = BlockImportPlan.CountedTimes(
                    database.Audit.Where(a => a.ActorId == blockerId && a.Action == "block").Select(a => (a.CreatedAt, a.ImportId)));
                if (limit.RetryAfter(counted, at) is { } wait)
                {
                    return new BlockImportOutcome(resolved, [], [], wait);
                }
            }

            outcome = new BlockImportOutcome(resolved, added, removed);
            if (dryRun || (added.Count == 0 && removed.Count == 0))
            {
                return outcome;
            }

            // Webhooks (SPEC section 8): block.deleted before each removal, block.created after each insert.
            WriteOutbox(WebhookEventTypes.BlockDeleted, removed.Select(b => database.Blocks[(blockerId, b)]), at);
            var importId = Guid.CreateVersion7();
            foreach (var blockedId in added)
            {
                database.Blocks[(blockerId, blockedId)] = new BlockRecord(blockerId, blockedId, at);
                database.Audit.Add(new AuditRecord(blockerId, "block", blockedId, at) { ImportId = importId });
            }

            foreach (var blockedId in removed)
            {
                database.Blocks.Remove((blockerId, blockedId));
                database.Audit.Add(new AuditRecord(blockerId, "unblock", blockedId, at) { ImportId = importId });
            }

            WriteOutbox(WebhookEventTypes.BlockCreated, added.Select(b => database.Blocks[(blockerId, b)]), at);
        }

        await channel.PublishAsync(ClusterTopics.Blocks, blockerId.ToString(), cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<Guid, string>> GetUsernamesAsync(
        IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyDictionary<Guid, string> names = userIds.Distinct()
                .Where(database.Users.ContainsKey)
                .ToDictionary(id => id, id => database.Users[id].User.Username);
            return Task.FromResult(names);
        }
    }
}
