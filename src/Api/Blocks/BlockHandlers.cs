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
public sealed class BlockHandlers(IGrainFactory grains, ProfileReader profiles, IHttpContextAccessor http)
{
    /// <summary>
    /// Blocks <paramref name="targetId"/> for <paramref name="blockerId"/>: <c>201</c>, or <c>400 user.block.self</c>,
    /// <c>404 user.not_found</c>, <c>409 user.block.already_blocked</c>, <c>429 rate_limited</c> with <c>Retry-After</c>.
    /// </summary>
    public async Task<Results<Created<BlockResponse>, ProblemHttpResult>> BlockAsync(Guid blockerId, Guid targetId)
    {
        var result = await grains.GetGrain<IUserGrain>(blockerId).BlockAsync(targetId);
        switch (result.Outcome)
        {
            case BlockOutcome.Self:
                return ApiProblems.BlockSelf();
            case BlockOutcome.UserNotFound:
                return ApiProblems.UserNotFound();
            case BlockOutcome.AlreadyBlocked:
                return ApiProblems.AlreadyBlocked();
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
            new BlockResponse(blocker!, blockee!, result.ConversationId!.Value, result.CreatedAt!.Value));
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
