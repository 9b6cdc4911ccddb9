using ChatBlock.Grains;
using ChatBlock.Storage;

namespace ChatBlock.Api.Users;

/// <summary>Maps grain and storage shapes to <see cref="UserProfileResponse"/>.</summary>
public static class UserMapping
{
    /// <summary>The profile as the grain let the viewer see it.</summary>
    public static UserProfileResponse ToResponse(this UserProfile p) => new(p.Id, p.Username, p.DisplayName, p.AvatarUrl, p.LastSeenAt);

    /// <summary>The full profile; only for the user themself.</summary>
    public static UserProfileResponse ToResponse(this UserRecord u) => new(u.Id, u.Username, u.DisplayName, u.AvatarUrl, u.LastSeenAt);
}
