namespace ChatBlock.Storage;

/// <summary>A stored user account, without its credentials.</summary>
/// <param name="Id">User id.</param>
/// <param name="Username">Lower-case, unique, 3-32 of <c>a-z0-9_.-</c>.</param>
/// <param name="DisplayName">Name shown to others; defaults to the username.</param>
/// <param name="AvatarUrl">Absolute http(s) URL or null.</param>
/// <param name="CreatedAt">When the account was registered (UTC, microsecond precision).</param>
/// <param name="LastSeenAt">Last authenticated activity (UTC), or null if never seen.</param>
public sealed record UserRecord(
    Guid Id, string Username, string DisplayName, string? AvatarUrl, DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt)
{
    /// <summary>Whether others may see <see cref="LastSeenAt"/> (the user's privacy setting); default true.</summary>
    public bool ShowLastSeen { get; init; } = true;
}
