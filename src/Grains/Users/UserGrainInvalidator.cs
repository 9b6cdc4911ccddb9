using ChatBlock.Storage.Clustering;
using Microsoft.Extensions.Logging;

namespace ChatBlock.Grains.Users;

/// <summary>
/// Keeps this silo's user grains fresh across silos (SPEC section 1): when another silo changes a user's blocks, this silo stamps
/// that user in <see cref="BlockSetStamps"/>, so the activation's next call reloads the block set from the database. While the
/// channel has lost its connection every cached set is distrusted, and when it is back every set is stamped stale.
/// </summary>
/// <remarks>
/// Stamping takes no activation's turn, so one busy activation never holds up the invalidation of the others (issue 11, item 2).
/// </remarks>
internal sealed partial class UserGrainInvalidator(IClusterChannel channel, BlockSetStamps stamps, ILogger<UserGrainInvalidator> logger)
    : ClusterTopicObserver(channel, ClusterTopics.Blocks)
{
    // The silo that made the change updated its own activation in the same turn.
    protected override Task OnChangedAsync(Guid id)
    {
        stamps.Invalidate(id);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync()
    {
        stamps.StopTrusting();
        LogDistrusted();
        return Task.CompletedTask;
    }

    public override Task OnResetAsync()
    {
        stamps.InvalidateAll(trust: true);
        LogReset();
        return Task.CompletedTask;
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Cluster channel disconnected; user grains read their block sets from the database until it is back")]
    private partial void LogDistrusted();

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Cluster channel reconnected; every cached block set is reloaded on its next use")]
    private partial void LogReset();
}
