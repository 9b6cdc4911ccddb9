using ChatBlock.Grains;
using ChatBlock.Storage;

namespace ChatBlock.Api.Users;

/// <summary>Maps grain and storage shapes to <see cref="UserProfileResponse"/>.</summary>
public static class UserMapping
{
    /// <summary>The profile as the grain let the viewer see it; <c>lastSeenAt</c> rounded down to the minute.</summary>
    public static UserProfileResponse ToResponse(this UserProfile p) =>
        new(p.Id, p.Username, p.DisplayName, p.AvatarUrl, ToMinute(p.LastSeenAt), p.AppId, p.ExternalId, p.ShowLastSeen);

    /// <summary>The full profile; only for the user themself. <c>lastSeenAt</c> rounded down to the minute.</summary>
    public static UserProfileResponse ToResponse(this UserRecord u) =>
        new(u.Id, u.Username, u.DisplayName, u.AvatarUrl, ToMinute(u.LastSeenAt), u.AppId, u.ExternalId, u.ShowLastSeen);

    /// <summary>
    /// <paramref name="at"/> rounded down to the whole minute (UTC), so that a profile does not show activity to the microsecond
    /// (issue 11, item 12; SPEC section 11).
    /// </summary>
    public static DateTimeOffset? ToMinute(DateTimeOffset? at) =>
        at is { } t ? new DateTimeOffset(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero) : null;
}
