using System.Text.Json.Serialization;

namespace ChatBlock.Api.Users;

/// <summary><c>UserProfile</c> of SPEC sections 4 and 8.</summary>
/// <param name="Id">User id.</param>
/// <param name="Username">Lower-case username; for a user of another app than <c>default</c>, its external id.</param>
/// <param name="DisplayName">Name to show.</param>
/// <param name="AvatarUrl">Null when unset or when this user blocks the caller.</param>
/// <param name="LastSeenAt">
/// Last activity (UTC), rounded down to the minute; null when never seen, when this user blocks the caller, or when this user hides
/// it from others.
/// </param>
/// <param name="AppId">The app the user belongs to (SPEC section 8): <c>default</c> for register/login accounts.</param>
/// <param name="ExternalId">The user's id within its app: the username in <c>default</c>, the app's own id otherwise.</param>
/// <param name="ShowLastSeen">
/// The caller's own setting whether others see their <c>lastSeenAt</c> (<c>PATCH /users/me</c>); only in the caller's own profile,
/// left out of everyone else's.
/// </param>
public sealed record UserProfileResponse(
    Guid Id, string Username, string DisplayName, string? AvatarUrl, DateTimeOffset? LastSeenAt, string AppId, string ExternalId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ShowLastSeen = null);

/// <summary>Body of <c>PATCH /users/me</c>: the members to change; an absent member is left as it is.</summary>
/// <param name="ShowLastSeen">Whether others see the caller's <c>lastSeenAt</c> (default true).</param>
public sealed record UpdateMeRequest(bool? ShowLastSeen);

/// <summary>Answer of <c>GET /users?query=</c>.</summary>
/// <param name="Items">At most 20 profiles, by username.</param>
public sealed record UserSearchResponse(IReadOnlyList<UserProfileResponse> Items);

/// <summary>Answer of <c>GET /users/{userId}/relationship</c>.</summary>
/// <param name="UserId">The other user.</param>
/// <param name="BlockedByMe">Whether the caller blocks them.</param>
/// <param name="BlockedMe">Whether they block the caller; null unless <c>Blocking:Disclosure</c> is <c>Explicit</c>.</param>
/// <param name="CanMessage">
/// Whether a direct message from the caller would be accepted, as far as the policy lets the caller know: false while the caller
/// blocks them; otherwise under <c>Explicit</c> whether they do not block the caller, under <c>Shadow</c> true (sends look
/// accepted), under <c>Discreet</c> null (a send may answer <c>not_delivered</c>, and saying so would disclose the block).
/// </param>
public sealed record RelationshipResponse(Guid UserId, bool BlockedByMe, bool? BlockedMe, bool? CanMessage)
{
    /// <summary>When the caller's block of the user ends by itself (UTC); null when permanent or not blocked (SPEC section 10).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>Body of <c>DELETE /users/me</c> (SPEC section 11).</summary>
/// <param name="Password">The account's password; a wrong one answers <c>401 auth.invalid_credentials</c>.</param>
public sealed record DeleteAccountRequest(string? Password);
