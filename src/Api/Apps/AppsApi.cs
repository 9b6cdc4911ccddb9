using ChatBlock.Api.Auth;
using ChatBlock.Api.Infrastructure;
using ChatBlock.Api.Users;
using ChatBlock.Grains.Accounts;
using ChatBlock.Grains.Apps;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBlock.Api.Apps;

/// <summary>
/// The server API (SPEC section 8): an app's backend, with its server key, puts its users by their external ids and mints client
/// tokens for them. Every route is authorized by <see cref="ServerKeyAuthenticationHandler"/> for the route's <c>{appId}</c>.
/// </summary>
public static class AppsApi
{
    /// <summary>The OpenAPI tag of the server API.</summary>
    public const string Tag = "Server API";

    /// <summary>The authorization policy of the server API: the server key of the route's app.</summary>
    public const string Policy = "AppServerKey";

    /// <summary>Maps <c>PUT /apps/{appId}/users/{externalId}</c> and <c>POST /apps/{appId}/users/{externalId}/tokens</c>.</summary>
    public static IEndpointRouteBuilder MapAppsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/apps/{appId}/users/{externalId}").WithTags(Tag).RequireAuthorization(Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/", PutUserAsync).ProducesProblems(400);
        group.MapPost("/tokens", IssueTokenAsync).ProducesProblems(400);
        return api;
    }

    /// <summary>
    /// Creates user <paramref name="externalId"/> of app <paramref name="appId"/> (<c>201</c>) or sets its nickname and avatar
    /// (<c>200</c>); answers its <c>UserProfile</c>. <c>400 request.invalid</c> for a bad external id, nickname or avatar (nothing
    /// changed).
    /// </summary>
    public static async Task<Results<Created<UserProfileResponse>, Ok<UserProfileResponse>, ProblemHttpResult>> PutUserAsync(
        string appId, string externalId, PutAppUserRequest request, AppUsers users, CancellationToken cancellationToken)
    {
        if (AppUsers.Validate(externalId, request.Nickname, request.AvatarUrl) is { } invalid)
        {
            return ApiProblems.Invalid(invalid);
        }

        var (user, created) = await users.PutAsync(appId, externalId, request.Nickname!, request.AvatarUrl, cancellationToken);
        var profile = user.ToResponse() with { ShowLastSeen = null };
        return created
            ? TypedResults.Created($"/api/v1/apps/{appId}/users/{Uri.EscapeDataString(externalId)}", profile)
            : TypedResults.Ok(profile);
    }

    /// <summary>
    /// A client token for user <paramref name="externalId"/> of app <paramref name="appId"/>: <c>201</c>; <c>404 user.not_found</c>
    /// when the app never put that user, <c>400 request.invalid</c> for a malformed external id.
    /// </summary>
    public static async Task<Results<Created<AppTokenResponse>, ProblemHttpResult>> IssueTokenAsync(
        string appId, string externalId, AppUsers users, UserAccounts accounts, TokenService tokens,
        CancellationToken cancellationToken)
    {
        if (!AppRegistry.IsValidExternalId(externalId))
        {
            return ApiProblems.Invalid(AppUsers.Validate(externalId, "-", null)!);
        }

        if (await users.FindAsync(appId, externalId, cancellationToken) is not { } user
            || await accounts.GetSecurityStampAsync(user.Id, cancellationToken) is not { } stamp)
        {
            return ApiProblems.UserNotFound();
        }

        var (token, expiresAt) = tokens.Issue(user, stamp);
        return TypedResults.Created((string?)null, new AppTokenResponse(token, expiresAt));
    }
}
