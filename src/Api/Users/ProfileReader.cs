using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;

namespace ChatBlock.Api.Users;

/// <summary>
/// Reads profiles and blocks through the users' grains, so each profile shows what its owner lets the viewer see, and only within
/// the viewer's app: a user of another app reads as no user at all (SPEC section 8), so every route that resolves a user id
/// through here answers for it exactly as for an unknown id.
/// </summary>
public sealed class ProfileReader(IGrainFactory grains)
{
    /// <summary>
    /// The profile of <paramref name="userId"/> as <paramref name="viewerId"/> sees it, or null if no such user in the viewer's app.
    /// </summary>
    public async Task<UserProfileResponse?> GetAsync(Guid userId, Guid viewerId)
    {
        if (userId == viewerId)
        {
            return (await ReadAsync(userId, viewerId))?.ToResponse();
        }

        var (profile, viewer) = (ReadAsync(userId, viewerId), ReadAsync(viewerId, viewerId));
        return await profile is { } found && (await viewer)?.AppId == found.AppId ? found.ToResponse() : null;
    }

    /// <summary>
    /// Profiles of <paramref name="userIds"/> in the same order; users that do not exist, or belong to another app than the
    /// viewer's, are left out.
    /// </summary>
    public async Task<IReadOnlyList<UserProfileResponse>> GetManyAsync(IEnumerable<Guid> userIds, Guid viewerId)
    {
        var (found, viewer) = await ReadManyAsync(userIds, viewerId);
        return found.Where(p => p is not null && p.AppId == viewer?.AppId).Select(p => p!.ToResponse()).ToList();
    }

    /// <summary>
    /// Profiles of the participants <paramref name="userIds"/> of a conversation, in the same order; a participant whose account
    /// was deleted is shown as <see cref="DeletedAccount"/> (SPEC section 11: their messages stay, from "Deleted account").
    /// </summary>
    public async Task<IReadOnlyList<UserProfileResponse>> GetParticipantsAsync(IEnumerable<Guid> userIds, Guid viewerId)
    {
        var ids = userIds.ToList();
        var (found, viewer) = await ReadManyAsync(ids, viewerId);
        var appId = viewer?.AppId ?? "default";
        return found.Select((p, i) => p is not null && p.AppId == appId ? p.ToResponse() : DeletedAccount(ids[i], appId)).ToList();
    }

    /// <summary>
    /// How a deleted account appears where it must still appear (a conversation's participants): its id, username
    /// <c>deleted</c>, display name <c>Deleted account</c>, no avatar and no last-seen time, in the viewer's app
    /// <paramref name="appId"/>.
    /// </summary>
    public static UserProfileResponse DeletedAccount(Guid userId, string appId = "default") =>
        new(userId, "deleted", "Deleted account", null, null, appId, "deleted");

    /// <summary>Whether <paramref name="blockerId"/> blocks <paramref name="otherId"/> (the blocker's own view).</summary>
    public Task<bool> IsBlockingAsync(Guid blockerId, Guid otherId) =>
        grains.GetGrain<IUserGrain>(blockerId).IsBlockingAsync(otherId).AsTask();

    private async Task<(UserProfile?[] Found, UserProfile? Viewer)> ReadManyAsync(IEnumerable<Guid> userIds, Guid viewerId)
    {
        var viewer = ReadAsync(viewerId, viewerId);
        var found = await Task.WhenAll(userIds.Select(id => ReadAsync(id, viewerId)));
        return (found, await viewer);
    }

    private Task<UserProfile?> ReadAsync(Guid userId, Guid viewerId) => grains.GetGrain<IUserGrain>(userId).GetProfileAsync(viewerId);
}
