using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;
using Microsoft.Extensions.Options;

namespace ChatBlock.Api.Users;

/// <summary>
/// The relationship of the caller with one user, as SPEC sections 4 and 5 let the caller know it; shared by
/// <c>GET /users/{userId}/relationship</c> and the IM API's <c>GET /blockStatus/my/{blockee}</c>.
/// </summary>
public sealed class RelationshipReader(IGrainFactory grains, ProfileReader profiles, IOptions<BlockingOptions> blocking)
{
    /// <summary>
    /// Whether <paramref name="callerId"/> blocks <paramref name="userId"/>, whether <paramref name="userId"/> blocks the caller
    /// (only under <c>Explicit</c>, else null) and whether the caller can message them; null when no such user in the caller's app.
    /// </summary>
    public async Task<RelationshipResponse?> GetAsync(Guid callerId, Guid userId)
    {
        if (await profiles.GetAsync(userId, callerId) is null)
        {
            return null;
        }

        // A timed block counts until the instant it expires; after that it is absent here as everywhere (SPEC section 10).
        var myBlock = await grains.GetGrain<IUserGrain>(callerId).GetBlockAsync(userId);
        var blockedByMe = myBlock is not null;
        // Only the Explicit policy lets a blocked user learn of the block (SPEC section 5); otherwise it is not disclosed at all.
        var disclosure = blocking.Value.Disclosure;
        bool? blockedMe = disclosure == DisclosurePolicy.Explicit
            ? await grains.GetGrain<IUserGrain>(userId).IsBlockingAsync(callerId)
            : null;
        // Under Discreet a send may answer not_delivered: "true" would contradict it and "false" would disclose the block, so the
        // answer is unknown (issue 11, item 12). The caller's own block always answers false (rule 1 of SPEC section 5).
        bool? canMessage = blockedByMe ? false : disclosure switch
        {
            DisclosurePolicy.Explicit => blockedMe != true,
            DisclosurePolicy.Discreet => null,
            _ => true,
        };
        return new RelationshipResponse(userId, blockedByMe, blockedMe, canMessage) { ExpiresAt = myBlock?.ExpiresAt };
    }
}
