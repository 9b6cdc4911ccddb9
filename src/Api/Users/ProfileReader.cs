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

    /// <summary>
    /// Profiles of the participants <paramref name="userIds"/> of a conversation, in the same order; a participant whose account
    /// was deleted is shown as <see cref="DeletedAccount"/> (SPEC section 11: their messages stay, from "Deleted account").
    /// </summary>
    public async Task<IReadOnlyList<UserProfileResponse>> GetParticipantsAsync(IEnumerable<Guid> userIds, Guid viewerId)
    {
        var ids = userIds.ToList();
        var profiles = await Task.WhenAll(ids.Select(id => GetAsync(id, viewerId)));
        return profiles.Select((profile, i) => profile ?? DeletedAccount(ids[i])).ToList();
    }

    /// <summary>
    /// How a deleted account appears where it must still appear (a conversation's participants): its id, username
    /// <c>deleted</c>, display name <c>Deleted account</c>, no avatar and no last-seen time.
    /// </summary>
    public static UserProfileResponse DeletedAccount(Guid userId) => new(userId, "deleted", "Deleted account", null, null);

    /// <summary>Whether <paramref name="blockerId"/> blocks <paramref name="otherId"/> (the blocker's own view).</summary>
    public Task<bool> IsBlockingAsync(Guid blockerId, Guid otherId) =>
        grains.GetGrain<IUserGrain>(blockerId).IsBlockingAsync(otherId).AsTask();
}
