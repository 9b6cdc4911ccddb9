using ChatBlock.Api.Infrastructure;
using ChatBlock.Api.Limits;
using ChatBlock.Api.Users;
using ChatBlock.Grains.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBlock.Api.Auth;

/// <summary>Register and sign in (SPEC section 4); the only API routes that need no token.</summary>
public static class AuthApi
{
    /// <summary>Maps <c>POST /auth/register</c> and <c>POST /auth/login</c> under <paramref name="api"/>.</summary>
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/auth").WithTags("Auth").AllowAnonymous();
        group.MapPost("/register", RegisterAsync).ProducesProblems(400, 409).RequireRateLimiting(RateLimits.Register);
        group.MapPost("/login", LoginAsync).ProducesProblems(401, 429).AddEndpointFilter<LoginThrottleFilter>();
        return api;
    }

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
        var user = string.IsNullOrEmpty(request.Username) || string.IsNullOrEmpty(request.Password)
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
