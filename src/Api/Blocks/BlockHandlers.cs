using ChatBlock.Api.Infrastructure;
using ChatBlock.Api.Users;
using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBlock.Api.Blocks;

/// <summary>
/// The block and unblock handlers behind both <c>/users/{userId}/block</c> and <c>/conversations/{id}/block|unblock</c>:
/// they call the blocker's user grain and turn its outcome into the HTTP answer of SPEC section 4.
/// </summary>
public sealed class BlockHandlers(IGrainFactory grains, ProfileReader profiles, IHttpContextAccessor http, BlockRequestReader requests)
{
    /// <summary>
    /// Blocks <paramref name="targetId"/> for <paramref name="blockerId"/> on the terms of the request's optional body (SPEC section
    /// 10), with the report the body may carry: <c>201</c>, or <c>400 request.invalid</c> (the body; nothing changes),
    /// <c>400 report.invalid_message</c>, <c>400 user.block.self</c>,
    /// <c>404 user.not_found</c>, <c>409 user.block.already_blocked</c>, <c>429 rate_limited</c> with <c>Retry-After</c>.
    /// </summary>
    public async Task<Results<Created<BlockResponse>, ProblemHttpResult>> BlockAsync(Guid blockerId, Guid targetId)
    {
        var (terms, error) = http.HttpContext is { } request
            ? await requests.ReadBlockAsync(request.Request, request.RequestAborted)
            : (BlockTerms.Permanent, null);
        if (error is not null)
        {
            return ApiProblems.Invalid(error);
        }

        var result = await grains.GetGrain<IUserGrain>(blockerId).BlockAsync(targetId, terms);
        switch (result.Outcome)
        {
            case BlockOutcome.Self:
                return ApiProblems.BlockSelf();
            case BlockOutcome.UserNotFound:
                return ApiProblems.UserNotFound();
            case BlockOutcome.AlreadyBlocked:
                return ApiProblems.AlreadyBlocked();
            case BlockOutcome.InvalidReportMessage:
                return ApiProblems.ReportInvalidMessage();
            case BlockOutcome.RateLimited:
                if (http.HttpContext is { } context)
                {
                    Limits.RateLimits.SetRetryAfter(context.Response, result.RetryAfter ?? TimeSpan.Zero);
                }

                return ApiProblems.BlockRateLimited();
        }

        var blocker = await profiles.GetAsync(blockerId, blockerId);
        var blockee = await profiles.GetAsync(targetId, blockerId);
        return TypedResults.Created(
            $"/api/v1/users/{targetId}/relationship",
            new BlockResponse(blocker!, blockee!, result.ConversationId!.Value, result.CreatedAt!.Value, result.ExpiresAt, result.Note)
            {
                ReportId = result.ReportId,
            });
    }

    /// <summary>
    /// Changes the expiry and/or note of <paramref name="blockerId"/>'s active block of <paramref name="targetId"/> as the request's
    /// body asks (SPEC section 10): <c>200</c> with the block, or <c>400 request.invalid</c> (nothing changes),
    /// <c>404 user.not_found</c>, <c>404 user.block.not_blocked</c> (no block, or it has expired).
    /// </summary>
    public async Task<Results<Ok<BlockListItem>, ProblemHttpResult>> UpdateAsync(Guid blockerId, Guid targetId)
    {
        var (patch, error) = http.HttpContext is { } request
            ? await requests.ReadPatchAsync(request.Request, request.RequestAborted)
            : (null, "A JSON body is required.");
        if (patch is null)
        {
            return ApiProblems.Invalid(error!);
        }

        var blockee = await profiles.GetAsync(targetId, blockerId);
        if (blockee is null)
        {
            return ApiProblems.UserNotFound();
        }

        var updated = await grains.GetGrain<IUserGrain>(blockerId).UpdateBlockAsync(targetId, patch);
        return updated is null
            ? ApiProblems.NotBlocked()
            : TypedResults.Ok(new BlockListItem(blockee, updated.CreatedAt, updated.ExpiresAt, updated.Note));
    }

    /// <summary>
    /// Removes the block of <paramref name="targetId"/> by <paramref name="blockerId"/>: <c>200</c>, or <c>404 user.not_found</c>,
    /// <c>404 user.block.not_blocked</c>.
    /// </summary>
    public async Task<Results<Ok<UnblockResponse>, ProblemHttpResult>> UnblockAsync(Guid blockerId, Guid targetId)
    {
        var blockee = await profiles.GetAsync(targetId, blockerId);
        if (blockee is null)
        {
            return ApiProblems.UserNotFound();
        }

        var result = await grains.GetGrain<IUserGrain>(blockerId).UnblockAsync(targetId);
        if (!result.Unblocked)
        {
            return ApiProblems.NotBlocked();
        }

        var blocker = await profiles.GetAsync(blockerId, blockerId);
        return TypedResults.Ok(new UnblockResponse(blocker!, blockee, result.UnblockedAt!.Value));
    }
}
