using ChatBlock.Storage.Clustering;
using ChatBlock.Silo.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatBlock.Grains.Users;

/// <summary>
/// Keeps this silo's user grains fresh across silos (SPEC section 1): when another silo changes a user's blocks, this silo drops
/// its activation of that user, so the next call reloads the block set from the database. When the channel lost its connection
/// (notifications may be lost), every user activation is dropped.
/// </summary>
internal sealed partial class UserGrainInvalidator(
    IClusterChannel channel, IActivationControl activations, ILogger<UserGrainInvalidator> logger)
    : IHostedService, IClusterObserver
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = channel.Subscribe(this);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    public async Task OnMessageAsync(ClusterMessage message)
    {
        // The silo that made the change updated its own activation in the same turn.
        if (message.Topic != ClusterTopics.Blocks || message.OriginSiloId == channel.SiloId
            || !Guid.TryParse(message.Payload, out var userId))
        {
            return;
        }

        await activations.DeactivateAsync<IUserGrain>(userId, DeactivationReason.Invalidated).ConfigureAwait(false);
    }

    public async Task OnResetAsync()
    {
        var dropped = await activations.DeactivateAllAsync<IUserGrain>(DeactivationReason.Invalidated).ConfigureAwait(false);
        LogReset(dropped);
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Cluster channel reconnected; dropped {Count} user activations that may have missed block changes")]
    private partial void LogReset(int count);
}
