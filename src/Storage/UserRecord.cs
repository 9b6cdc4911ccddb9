namespace ChatBlock.Storage;

/// <summary>A stored user account, without its credentials.</summary>
/// <param name="Id">User id.</param>
/// <param name="Username">
/// The user's name within its app (<see cref="AppId"/>), unique there: in the built-in app <see cref="DefaultAppId"/> the lower-case
/// login name (3-32 of <c>a-z0-9_.-</c>); in another app its external id (1-128 of <c>A-Za-z0-9_.@:-</c>, case-sensitive; SPEC
/// section 8).
/// </param>
/// <param name="DisplayName">Name shown to others (an app's <c>nickname</c>); defaults to the username.</param>
/// <param name="AvatarUrl">Absolute http(s) URL or null.</param>
/// <param name="CreatedAt">When the account was registered (UTC, microsecond precision).</param>
/// <param name="LastSeenAt">Last authenticated activity (UTC), or null if never seen.</param>
public sealed record UserRecord(
    Guid Id, string Username, string DisplayName, string? AvatarUrl, DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt)
{
    /// <summary>The built-in app of accounts made with register/login (SPEC section 8).</summary>
    public const string DefaultAppId = "default";

    /// <summary>Whether others may see <see cref="LastSeenAt"/> (the user's privacy setting); default true.</summary>
    public bool ShowLastSeen { get; init; } = true;

    /// <summary>
    /// The app the user belongs to (SPEC section 8); <see cref="DefaultAppId"/> unless set. Everything the user does stays within it.
    /// </summary>
    public string AppId { get; init; } = DefaultAppId;

    /// <summary>The user's id within its app: the username in <see cref="DefaultAppId"/>, the app's own id otherwise.</summary>
    public string ExternalId => Username;
}
