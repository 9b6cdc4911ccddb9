using ChatBlock.Api.Users;

namespace ChatBlock.Api.Auth;

/// <summary>Body of <c>POST /auth/register</c>.</summary>
/// <param name="Username">3-32 of <c>a-z0-9_.-</c>, case-insensitive.</param>
/// <param name="Password">8-256 characters.</param>
/// <param name="DisplayName">Optional, at most 64 characters; defaults to the username.</param>
/// <param name="AvatarUrl">Optional absolute http(s) URL.</param>
public sealed record RegisterRequest(string? Username, string? Password, string? DisplayName, string? AvatarUrl);

/// <summary>Body of <c>POST /auth/login</c>.</summary>
/// <param name="Username">Username, any case.</param>
/// <param name="Password">Password.</param>
public sealed record LoginRequest(string? Username, string? Password);

/// <summary>Answer of register and login.</summary>
/// <param name="User">The signed-in user.</param>
/// <param name="AccessToken">Bearer token for the <c>Authorization</c> header.</param>
/// <param name="ExpiresAt">When the token expires (UTC).</param>
public sealed record AuthResponse(UserProfileResponse User, string AccessToken, DateTimeOffset ExpiresAt);

/// <summary>Body of <c>POST /auth/password</c> (SPEC section 11).</summary>
/// <param name="CurrentPassword">The password now; a wrong one answers <c>401 auth.invalid_credentials</c>.</param>
/// <param name="NewPassword">8-256 characters, else <c>400 request.invalid</c>.</param>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
