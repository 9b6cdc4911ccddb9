using ChatBlock.Api.Infrastructure;
using ChatBlock.Api.Users;
using ChatBlock.Grains.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChatBlock.Api.Auth;

/// <summary>Register and sign in (SPEC section 4); the only API routes that need no token.</summary>
public static class AuthApi
{
    /// <summary>Maps <c>POST /auth/register</c> and <c>POST /auth/login</c> under <paramref name="api"/>.</summary>
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder api)
    {
        // Both bodies are small: a larger one is refused (413) before it is read (issue 11, item 9).
        var group = api.MapGroup("/auth").WithTags("Auth").AllowAnonymous().WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        group.MapPost("/register", RegisterAsync).ProducesProblems(400, 409);
        group.MapPost("/login", LoginAsync).ProducesProblems(401);
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

        var (token, expiresAt) = tokens.Issue(user);
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
        if (user is null)
        {
            return ApiProblems.InvalidCredentials();
        }

        var (token, expiresAt) = tokens.Issue(user);
        return TypedResults.Ok(new AuthResponse(user.ToResponse(), token, expiresAt));
    }
}
