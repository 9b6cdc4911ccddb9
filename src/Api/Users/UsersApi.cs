using ChatBlock.Api.Infrastructure;
using ChatBlock.Grains;
using ChatBlock.Grains.Accounts;
using ChatBlock.Grains.Apps;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ChatBlock.Api.Users;

/// <summary>Profiles, search and the relationship with one user (SPEC section 4).</summary>
public static class UsersApi
{
    /// <summary>
    /// Maps <c>/users/me</c> (GET, PATCH, DELETE), <c>/users/{userId}</c>, <c>/users?query=</c> and
    /// <c>/users/{userId}/relationship</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Users").RequireAuthorization();
        group.MapGet("/me", GetMeAsync).ProducesProblems(404);
        group.MapPatch("/me", UpdateMeAsync).ProducesProblems(400, 404);
        group.MapGet("/{userId}", GetUserAsync).ProducesProblems(404);
        group.MapGet("/", SearchAsync).ProducesProblems(400);
        group.MapGet("/{userId}/relationship", GetRelationshipAsync).ProducesProblems(404);
        group.MapDelete("/me", DeleteMeAsync).ProducesProblems(400, 401);
        return api;
    }

    /// <summary>The caller's own profile.</summary>
    public static async Task<Results<Ok<UserProfileResponse>, ProblemHttpResult>> GetMeAsync(CurrentUser me, ProfileReader profiles) =>
        await profiles.GetAsync(me.Id, me.Id) is { } profile ? TypedResults.Ok(profile) : ApiProblems.UserNotFound();

    /// <summary>
    /// Changes the caller's settings: <c>showLastSeen</c> (false hides <c>lastSeenAt</c> from everyone else). Answers the caller's
    /// own profile.
    /// </summary>
    public static async Task<Results<Ok<UserProfileResponse>, ProblemHttpResult>> UpdateMeAsync(
        UpdateMeRequest request, CurrentUser me, IGrainFactory grains, ProfileReader profiles)
    {
        if (request.ShowLastSeen is { } show && !await grains.GetGrain<IUserGrain>(me.Id).SetShowLastSeenAsync(show))
        {
            return ApiProblems.UserNotFound();
        }

        return await GetMeAsync(me, profiles);
    }

    /// <summary>Another user's profile; avatar and last-seen are null when that user blocks the caller.</summary>
    public static async Task<Results<Ok<UserProfileResponse>, ProblemHttpResult>> GetUserAsync(
        Guid userId, CurrentUser me, ProfileReader profiles) =>
        await profiles.GetAsync(userId, me.Id) is { } profile ? TypedResults.Ok(profile) : ApiProblems.UserNotFound();

    /// <summary>
    /// Users of the caller's app whose username starts with <paramref name="query"/> (1-32 characters; in an app other than
    /// <c>default</c> an external id prefix of 1-128, case-sensitive), 20 at most.
    /// </summary>
    public static async Task<Results<Ok<UserSearchResponse>, ProblemHttpResult>> SearchAsync(
        string? query, CurrentUser me, UserAccounts accounts, ProfileReader profiles, CancellationToken cancellationToken)
    {
        var longest = me.AppId == UserRecord.DefaultAppId ? UserAccounts.MaxUsernameLength : AppRegistry.MaxExternalIdLength;
        if (string.IsNullOrWhiteSpace(query) || query.Trim().Length > longest)
        {
            return ApiProblems.Invalid($"'query' must be 1-{longest} characters.");
        }

        var found = await accounts.SearchAsync(me.AppId, query, cancellationToken);
        return TypedResults.Ok(new UserSearchResponse(await profiles.GetManyAsync(found.Select(u => u.Id), me.Id)));
    }

    /// <summary>
    /// Whether the caller blocks the user, whether the user blocks the caller (policy permitting) and whether they can message.
    /// </summary>
    public static async Task<Results<Ok<RelationshipResponse>, ProblemHttpResult>> GetRelationshipAsync(
        Guid userId, CurrentUser me, RelationshipReader relationships) =>
        await relationships.GetAsync(me.Id, userId) is { } relationship ? TypedResults.Ok(relationship) : ApiProblems.UserNotFound();

    /// <summary>
    /// Deletes the caller's account after checking their password (SPEC section 11): sign-in fails from now on, the id answers
    /// <c>user.not_found</c>, every token of the user stops working on every silo, blocks both ways are removed (audited), and
    /// the user's messages stay for the others, sent by <see cref="ProfileReader.DeletedAccount"/>.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteMeAsync(
        [FromBody] DeleteAccountRequest request, CurrentUser me, UserAccounts accounts, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Password))
        {
            return ApiProblems.Invalid("'password' is required.");
        }

        return await accounts.DeleteAsync(me.Id, request.Password, cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblems.InvalidCredentials();
    }
}
