using ChatBlock.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBlock.Grains.Users;

/// <summary>
/// The server's expiry of timed blocks (SPEC section 10), one per silo: every <see cref="TimedBlockOptions.ExpiryInterval"/> it
/// claims the blocks that have expired (<see cref="IChatStore.ExpireBlocksAsync"/>: removed and audited by the system, each row
/// claimed by exactly one silo), marks the blockers' cached block sets stale on this silo (other silos hear of it through
/// <see cref="Storage.Clustering.ClusterTopics.Blocks"/>), and reports each one through <see cref="BlockExpiryReporter"/>.
/// </summary>
/// <remarks>
/// The send gate never waits for this service: memory and the database's re-check both ignore a block from the instant it expires.
/// This only makes the end visible (audit, <c>block.expired</c>) and frees the rows. A failed round is logged and retried on the
/// next interval. An interval of zero turns the service off (tests that must see the gate decide by time alone).
/// </remarks>
public sealed partial class BlockExpiryService(
    IChatStore store,
    BlockExpiryReporter reporter,
    BlockSetStamps stamps,
    TimeProvider timeProvider,
    IOptions<BlockingOptions> options,
    ILogger<BlockExpiryService> logger)
    : BackgroundService
{
    /// <summary>Most rows claimed per statement; a round goes on while full batches come back.</summary>
    public const int BatchSize = 100;

    /// <summary>Claims and reports every block that has expired by now; returns how many this silo claimed.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            var now = StoreClock.Now(timeProvider);
            var expired = await store.ExpireBlocksAsync(now, BatchSize, cancellationToken).ConfigureAwait(false);
            foreach (var blockerId in expired.Select(b => b.BlockerId).Distinct())
            {
                // This silo's own notification is not delivered back to it: its cached sets are marked here.
                stamps.Invalidate(blockerId);
            }

            foreach (var block in expired)
            {
                await reporter.ReportAsync(block, now).ConfigureAwait(false);
            }

            total += expired.Count;
            if (expired.Count < BatchSize)
            {
                return total;
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.TimedBlocks.ExpiryInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, timeProvider, stoppingToken).ConfigureAwait(false);
                await ExpireDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The loop must outlive a database outage; the rows stay due and are claimed on a later round.
                LogFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expiring timed blocks failed; retrying on the next interval")]
    private partial void LogFailed(Exception exception);
}
