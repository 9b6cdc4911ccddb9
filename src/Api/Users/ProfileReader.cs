using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;

namespace ChatBlock.Api.Users;

/// <summary>
/// Reads profiles and blocks through the users' grains, so each profile shows what its owner lets the viewer see.
/// </summary>
public sealed class ProfileReader(IGrainFactory grains)
{
    /// <summary>The profile of <paramref name="userId"/> as <paramref name="viewerId"/> sees it, or null if no such user.</summary>
    public async Task<UserProfileResponse?> GetAsync(Guid userId, Guid viewerId) =>
        (await grains.GetGrain<IUserGrain>(userId).GetProfileAsync(viewerId))?.ToResponse();

    /// <summary>Profiles of <paramref name="userIds"/> in the same order; users that do not exist are left out.</summary>
    public async Task<IReadOnlyList<UserProfileResponse>> GetManyAsync(IEnumerable<Guid> userIds, Guid viewerId)
    {
        var profiles = await Task.WhenAll(userIds.Select(id => GetAsync(id, viewerId)));
        return profiles.OfType<UserProfileResponse>().ToList();
    }

    /// <summary>Whether <paramref name="blockerId"/> blocks <paramref name="otherId"/> (the blocker's own view).</summary>
    public Task<bool> IsBlockingAsync(Guid blockerId, Guid otherId) => grains.GetGrain<IUserGrain>(blockerId).IsBlockingAsync(otherId).AsTask();
}
