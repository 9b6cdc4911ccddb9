using ChatBlock.Api.Blocks;
using ChatBlock.Api.Dialects;
using ChatBlock.Api.Infrastructure;
using ChatBlock.Api.Limits;
using ChatBlock.Api.Users;
using ChatBlock.Grains;
using ChatBlock.Grains.Apps;
using ChatBlock.Silo.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChatBlock.Api.ImApi;

/// <summary>
/// The IM API of seeds 001/004 (SPEC section 8), at the root: an app's clients block, unblock, list and look up users by their
/// external ids, with <c>IM-CLIENT-KEY</c> and <c>IM-Authorization</c>, in the <c>{RC, RM, result}</c> envelope; the HTTP status
/// equals <c>RC</c> (0 is 200). Everything stays within the token's app, and goes through the same user grains as section 4, so
/// one block is one block whichever API made it.
/// </summary>
public static class ImApi
{
    /// <summary>The OpenAPI tag of the IM API.</summary>
    public const string Tag = "IM API";

    /// <summary>Maps <c>POST</c>, <c>DELETE</c> and <c>GET /blockStatus/my/{blockee}</c> and <c>GET /blockStatus/my</c>.</summary>
    public static IEndpointRouteBuilder MapImApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/blockStatus/my").WithTags(Tag).RequireAuthorization(ImClientAuthentication.Policy)
            .WithMetadata(new DialectErrors(Tag, ImErrors.Failure));
        // Blocks take Idempotency-Key as on /api/v1 (SPEC section 11): a repeat answers the first answer and changes nothing.
        group.MapPost("/{blockee}", BlockAsync).AddEndpointFilter<IdempotencyFilter>()
            .ProducesFailures<ImFailure>(400, 401, 404, 409, 429);
        group.MapDelete("/{blockee}", UnblockAsync).ProducesFailures<ImFailure>(400, 401, 404);
        group.MapGet("/", ListAsync).ProducesFailures<ImFailure>(400, 401);
        group.MapGet("/{blockee}", GetRelationshipAsync).ProducesFailures<ImFailure>(400, 401, 404);
        return app;
    }

    /// <summary>
    /// Blocks <paramref name="blockee"/> (an external id of the caller's app): 200 with the block status (seeds 001/004); 404
    /// <c>USER_NOT_FOUND</c>, 400 <c>SELF_BLOCK_FORBIDDEN</c>, 409 <c>USER_ALREADY_BLOCKED</c>, 429 <c>RATE_LIMITED</c> with
    /// <c>Retry-After</c>, 400 <c>INVALID_USER_ID</c>.
    /// </summary>
    public static async Task<Results<Ok<ImAnswer<ImBlockStatus>>, JsonHttpResult<ImFailure>>> BlockAsync(
        string blockee, CurrentUser me, AppUsers users, IGrainFactory grains, ImBlockStatuses statuses, BlockRequestReader requests,
        HttpContext context, CancellationToken cancellationToken)
    {
        if (!AppRegistry.IsValidExternalId(blockee))
        {
            return ImErrors.InvalidUserId();
        }

        // The optional body of SPEC section 10 ({expiresAt?, expiresIn?, note?, report?}), as on /api/v1; none: the seeds' block.
        var (terms, invalid) = await requests.ReadBlockAsync(context.Request, cancellationToken);
        if (invalid is not null)
        {
            return ImErrors.InvalidRequest(invalid);
        }

        if (await users.FindAsync(me.AppId, blockee, cancellationToken) is not { } target)
        {
            return ImErrors.UserNotFound();
        }

        var result = await grains.GetGrain<IUserGrain>(me.Id).BlockAsync(target.Id, terms);
        switch (result.Outcome)
        {
            case BlockOutcome.InvalidReportMessage:
                return ImErrors.InvalidRequest("Each reported message must be one the blocked user sent in a conversation you are in");
            case BlockOutcome.Self:
                return ImErrors.SelfBlock();
            case BlockOutcome.AlreadyBlocked:
                return ImErrors.AlreadyBlocked();
            case BlockOutcome.RateLimited:
                RateLimits.SetRetryAfter(context.Response, result.RetryAfter ?? TimeSpan.Zero);
                return TypedResults.Json(ImErrors.RateLimited(), statusCode: StatusCodes.Status429TooManyRequests);
            case BlockOutcome.Blocked:
                var status = await statuses.GetAsync(me.Id, target.Id, result.CreatedAt!.Value, result.ConversationId, cancellationToken);
                return status is null ? ImErrors.UserNotFound() : TypedResults.Ok(ImAnswer<ImBlockStatus>.Ok(status));
            default:
                return ImErrors.UserNotFound();
        }
    }

    /// <summary>
    /// Removes the caller's block of <paramref name="blockee"/>: 200 <c>{appID, blocker, blockee, unblockedAt}</c>; 404
    /// <c>USER_NOT_FOUND</c>, 404 <c>NOT_BLOCKED</c>, 400 <c>INVALID_USER_ID</c>.
    /// </summary>
    public static async Task<Results<Ok<ImAnswer<ImUnblockStatus>>, JsonHttpResult<ImFailure>>> UnblockAsync(
        string blockee, CurrentUser me, AppUsers users, IGrainFactory grains, ProfileReader profiles, CancellationToken cancellationToken)
    {
        if (!AppRegistry.IsValidExternalId(blockee))
        {
            return ImErrors.InvalidUserId();
        }

        if (await users.FindAsync(me.AppId, blockee, cancellationToken) is not { } target
            || await profiles.GetAsync(me.Id, me.Id) is not { } blocker)
        {
            return ImErrors.UserNotFound();
        }

        var result = await grains.GetGrain<IUserGrain>(me.Id).UnblockAsync(target.Id);
        return result.Unblocked
            ? TypedResults.Ok(ImAnswer<ImUnblockStatus>.Ok(
                new ImUnblockStatus(me.AppId, blocker.ExternalId, target.ExternalId, Dialects.JsTime.Format(result.UnblockedAt!.Value))))
            : ImErrors.NotBlocked();
    }

    /// <summary>
    /// The caller's blocks as block statuses, newest first: <c>limit</c> 1-100 (default 50), <c>cursor</c> from the previous
    /// page's <c>nextCursor</c>; 400 <c>INVALID_REQUEST</c> otherwise.
    /// </summary>
    public static async Task<Results<Ok<ImAnswer<ImBlockList>>, JsonHttpResult<ImFailure>>> ListAsync(
        [AsParameters] BlockPageRequest paging, CurrentUser me, IGrainFactory grains, ImBlockStatuses statuses,
        CancellationToken cancellationToken)
    {
        if (paging.Validate() is { } invalid)
        {
            return ImErrors.InvalidRequest(invalid.ProblemDetails.Detail ?? "Invalid paging.");
        }

        var page = await grains.GetGrain<IUserGrain>(me.Id).ListBlocksAsync(paging.Size, paging.After);
        var items = await Task.WhenAll(
            page.Items.Select(i => statuses.GetAsync(me.Id, i.UserId, i.CreatedAt, cancellationToken: cancellationToken)));
        return TypedResults.Ok(ImAnswer<ImBlockList>.Ok(
            new ImBlockList(items.OfType<ImBlockStatus>().ToList(), BlockCursorCodec.Encode(page.NextCursor))));
    }

    /// <summary>
    /// The caller's relationship with <paramref name="blockee"/>: <c>{blockedByMe, blockedMe, canMessage}</c> as
    /// <c>GET /api/v1/users/{userId}/relationship</c> (<c>blockedMe</c> null unless disclosure is <c>Explicit</c>, SPEC section 5);
    /// 404 <c>USER_NOT_FOUND</c>, 400 <c>INVALID_USER_ID</c>.
    /// </summary>
    public static async Task<Results<Ok<ImAnswer<ImRelationship>>, JsonHttpResult<ImFailure>>> GetRelationshipAsync(
        string blockee, CurrentUser me, AppUsers users, RelationshipReader relationships, CancellationToken cancellationToken)
    {
        if (!AppRegistry.IsValidExternalId(blockee))
        {
            return ImErrors.InvalidUserId();
        }

        return await users.FindAsync(me.AppId, blockee, cancellationToken) is { } target
            && await relationships.GetAsync(me.Id, target.Id) is { } relationship
            ? TypedResults.Ok(ImAnswer<ImRelationship>.Ok(
                new ImRelationship(relationship.BlockedByMe, relationship.BlockedMe, relationship.CanMessage)))
            : ImErrors.UserNotFound();
    }
}
