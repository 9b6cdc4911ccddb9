namespace ChatBlock.Grains;

/// <summary>A user as others see them (SPEC section 4, <c>UserProfile</c>).</summary>
/// <param name="Id">User id.</param>
/// <param name="Username">
/// The user's name within its app: the lower-case login name in the built-in app <c>default</c>, the app's own (external) id in
/// another (SPEC section 8).
/// </param>
/// <param name="DisplayName">Name to show.</param>
/// <param name="AvatarUrl">Avatar URL; null when unset or when this user blocks the viewer.</param>
/// <param name="LastSeenAt">
/// Last activity (UTC); null when never seen, when this user blocks the viewer, or when this user hides it from others.
/// </param>
public sealed record UserProfile(Guid Id, string Username, string DisplayName, string? AvatarUrl, DateTimeOffset? LastSeenAt)
{
    /// <summary>
    /// The user's own setting whether others see <see cref="LastSeenAt"/>; given to the user themself only (null for others).
    /// </summary>
    public bool? ShowLastSeen { get; init; }

    /// <summary>The app the user belongs to (SPEC section 8); <c>default</c> for register/login accounts.</summary>
    public string AppId { get; init; } = "default";

    /// <summary>The user's id within its app: the username in <c>default</c>, the app's own id otherwise (SPEC section 8).</summary>
    public string ExternalId => Username;
}
