using System.Security.Claims;
using ChatBlock.Api.Infrastructure;
using ChatBlock.Api.Limits;
using ChatBlock.Api.Users;
using ChatBlock.Grains;
using ChatBlock.Grains.Accounts;
using ChatBlock.Silo.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChatBlock.Api.Auth;

/// <summary>
/// Register and sign in (SPEC section 4; the only API routes that need no token), log out and change the password (SPEC
/// section 11).
/// </summary>
public static class AuthApi
{
    /// <summary>
    /// Maps <c>POST /auth/register</c>, <c>POST /auth/login</c>, <c>POST /auth/logout</c> and <c>POST /auth/password</c> under
    /// <paramref name="api"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder api)
    {
        // Both bodies are small: a larger one is refused (413) before it is read (issue 11, item 9).
        var group = api.MapGroup("/auth").WithTags("Auth").AllowAnonymous().WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        group.MapPost("/register", RegisterAsync).ProducesProblems(400, 409).RequireRateLimiting(RateLimits.Register);
        group.MapPost("/login", LoginAsync).ProducesProblems(401, 429).AddEndpointFilter<LoginThrottleFilter>();
        var signedIn = api.MapGroup("/auth").WithTags("Auth").RequireAuthorization();
        signedIn.MapPost("/logout", LogoutAsync);
        signedIn.MapPost("/password", ChangePasswordAsync).ProducesProblems(400, 401);
        return api;
    }

    /// <summary>Largest register or login body, in bytes (a valid one is well under 4 KiB).</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>Creates an account and signs it in.</summary>
    public static async Task<Results<Created<AuthResponse>, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request, UserAccounts accounts, TokenService tokens, CancellationToken cancellationToken)
    {
        if (UserAccounts.Validate(request.Username, request.Password, request.DisplayName, request.AvatarUrl) is { } error)
        {
            return ApiProblems.Invalid(error);
        }

        var user = await accounts.RegisterAsync(
            request.Username!, request.Password!, request.DisplayName, request.AvatarUrl, cancellationToken);
        if (user is null)
        {
            return ApiProblems.UsernameTaken();
        }

        var (token, expiresAt) = tokens.Issue(user, securityStamp: 0);
        return TypedResults.Created($"/api/v1/users/{user.Id}", new AuthResponse(user.ToResponse(), token, expiresAt));
    }

    /// <summary>Exchanges a username and password for a token.</summary>
    public static async Task<Results<Ok<AuthResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, UserAccounts accounts, TokenService tokens, CancellationToken cancellationToken)
    {
        // No account has a username or password longer than register allows: refuse those without hashing them.
        var user = string.IsNullOrEmpty(request.Username) || string.IsNullOrEmpty(request.Password)
            || request.Username.Length > UserAccounts.MaxUsernameLength || request.Password.Length > UserAccounts.MaxPasswordLength
            ? null
            : await accounts.SignInAsync(request.Username, request.Password, cancellationToken);
        // The stamp comes from storage, not from a grain that may not have heard of a password change on another silo yet.
        var stamp = user is null ? null : await accounts.GetSecurityStampAsync(user.Id, cancellationToken);
        if (user is null || stamp is null)
        {
            return ApiProblems.InvalidCredentials();
        }

        var (token, expiresAt) = tokens.Issue(user, stamp.Value);
        return TypedResults.Ok(new AuthResponse(user.ToResponse(), token, expiresAt));
    }

    /// <summary>Revokes the token of this request on every silo; the user's other tokens keep working (SPEC section 11).</summary>
    public static async Task<NoContent> LogoutAsync(CurrentUser me, ClaimsPrincipal principal, IGrainFactory grains)
    {
        var (tokenId, expiresAt) = TokenRevocation.CurrentToken(principal);
        await grains.GetGrain<IUserGrain>(me.Id).RevokeTokenAsync(tokenId, expiresAt);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Changes the caller's password; every token of the user, this one included, stops working on every silo (SPEC section 11).
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest request, CurrentUser me, UserAccounts accounts, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.CurrentPassword))
        {
            return ApiProblems.Invalid("'currentPassword' is required.");
        }

        if (UserAccounts.ValidatePassword(request.NewPassword) is { } error)
        {
            return ApiProblems.Invalid(error);
        }

        return await accounts.ChangePasswordAsync(me.Id, request.CurrentPassword, request.NewPassword!, cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblems.InvalidCredentials();
    }
}
