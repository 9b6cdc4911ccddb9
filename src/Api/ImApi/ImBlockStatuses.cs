using ChatBlock.Api.Dialects;
using ChatBlock.Api.Users;
using ChatBlock.Storage;

namespace ChatBlock.Api.ImApi;

/// <summary>
/// Builds the IM API's block status objects (seeds 001/004) from the caller's view of the users: the blockee as the blocker may
/// see them (avatar and last activity hidden when the blockee blocks the blocker, SPEC section 1), the pair's room, the times.
/// </summary>
public sealed class ImBlockStatuses(ProfileReader profiles, IChatStore store)
{
    /// <summary>
    /// The status of <paramref name="blockerId"/>'s block of <paramref name="blockeeId"/> made at <paramref name="createdAt"/>, in
    /// room <paramref name="room"/> (looked up when null); null when either user is gone.
    /// </summary>
    public async Task<ImBlockStatus?> GetAsync(
        Guid blockerId, Guid blockeeId, DateTimeOffset createdAt, Guid? room = null, CancellationToken cancellationToken = default)
    {
        var blocker = await profiles.GetAsync(blockerId, blockerId);
        var blockee = await profiles.GetAsync(blockeeId, blockerId);
        room ??= await store.FindDirectConversationIdAsync(blockerId, blockeeId, cancellationToken);
        if (blocker is null || blockee is null || room is null)
        {
            return null;
        }

        var at = JsTime.Format(createdAt);
        return new ImBlockStatus(
            blocker.AppId,
            new ImBlockee(blockee.ExternalId, blockee.AvatarUrl, blockee.DisplayName, blockee.ExternalId,
                blockee.LastSeenAt?.ToUnixTimeMilliseconds()),
            blocker.ExternalId,
            room.Value.ToString("D"),
            at,
            at);
    }
}
