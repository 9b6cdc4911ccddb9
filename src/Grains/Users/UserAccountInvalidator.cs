using ChatBlock.Silo.Runtime;
using ChatBlock.Storage.Clustering;
using Microsoft.Extensions.Hosting;

namespace ChatBlock.Grains.Users;

/// <summary>
/// Makes token revocation immediate on every silo (SPEC section 11): when another silo changes a user's security stamp or
/// revokes one of their tokens (<see cref="ClusterTopics.Accounts"/>), this silo drops its activation of that user, so the next
/// request reloads the stamp and the revoked tokens from the database. When the channel lost its connection, every user
/// activation is dropped, since a revocation may have been missed.
/// </summary>
internal sealed class UserAccountInvalidator(IClusterChannel channel, IActivationControl activations) : IHostedService, IClusterObserver
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
        // The silo that made the change dropped its own copy in the same turn.
        if (message.Topic != ClusterTopics.Accounts || message.OriginSiloId == channel.SiloId
            || !Guid.TryParse(message.Payload, out var userId))
        {
            return;
        }

        await activations.DeactivateAsync<IUserGrain>(userId, DeactivationReason.Invalidated).ConfigureAwait(false);
    }

    // UserGrainInvalidator drops them all too; done here as well so that revocation does not depend on how block sets recover.
    public Task OnResetAsync() => activations.DeactivateAllAsync<IUserGrain>(DeactivationReason.Invalidated);
}
