using ChatBlock.Silo.Runtime;
using ChatBlock.Storage.Clustering;

namespace ChatBlock.Grains.Users;

/// <summary>
/// Makes token revocation immediate on every silo (SPEC section 11): when another silo changes a user's security stamp or
/// revokes one of their tokens (<see cref="ClusterTopics.Accounts"/>), this silo drops its activation of that user, so the next
/// request reloads the stamp and the revoked tokens from the database. When the channel lost its connection, every user
/// activation is dropped, since a revocation may have been missed.
/// </summary>
internal sealed class UserAccountInvalidator(IClusterChannel channel, IActivationControl activations)
    : ClusterTopicObserver(channel, ClusterTopics.Accounts)
{
    // The silo that made the change dropped its own copy in the same turn.
    protected override Task OnChangedAsync(Guid id) => activations.DeactivateAsync<IUserGrain>(id, DeactivationReason.Invalidated);

    // UserGrainInvalidator drops them all too; done here as well so that revocation does not depend on how block sets recover.
    public override Task OnResetAsync() => activations.DeactivateAllAsync<IUserGrain>(DeactivationReason.Invalidated);
}
