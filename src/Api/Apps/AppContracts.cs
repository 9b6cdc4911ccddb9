namespace ChatBlock.Api.Apps;

/// <summary>Body of <c>PUT /api/v1/apps/{appId}/users/{externalId}</c> (SPEC section 8).</summary>
/// <param name="Nickname">The name to show, 1-64 characters.</param>
/// <param name="AvatarUrl">Absolute http(s) URL, or null for none.</param>
public sealed record PutAppUserRequest(string? Nickname, string? AvatarUrl);

/// <summary>Answer of <c>POST /api/v1/apps/{appId}/users/{externalId}/tokens</c>: a client token (SPEC section 8).</summary>
/// <param name="AccessToken">
/// A bearer token of the user, valid on the <c>/api/v1</c> routes of SPEC section 4 (within the app) and as the IM API's
/// <c>IM-Authorization</c>.
/// </param>
/// <param name="ExpiresAt">When it stops working (UTC, whole seconds; <c>Auth:TokenLifetime</c> after issue).</param>
public sealed record AppTokenResponse(string AccessToken, DateTimeOffset ExpiresAt);
