using ChatBlock.Api.Infrastructure;
using ChatBlock.Api.Users;
using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBlock.Api.Blocks;

/// <summary>The block and unblock answers shared by the user routes and the conversation routes.</summary>
public sealed class BlockCommands(IGrainFactory grains, ProfileReader profiles)
{
    /// <summary>Blocks <paramref name="targetId"/> for <paramref name="blockerId"/>.</summary>
    public async Task<Results<Created<BlockResponse>, ProblemHttpResult>> BlockAsync(Guid blockerId, Guid targetId)
    {
        var result = await grains.GetGrain<IUserGrain>(blockerId).BlockAsync(targetId);
        switch (result.Outcome)
        {
            case BlockOutcome.Self:
                return ApiProblems.Result(400, "user.block.self", "You cannot block yourself.");
            case BlockOutcome.UserNotFound:
                return ApiProblems.UserNotFound();
            case BlockOutcome.AlreadyBlocked:
                return ApiProblems.Result(409, "user.block.already_blocked", "You already block this user.");
        }

        var blocker = await profiles.GetAsync(blockerId, blockerId);
        var blockee = await profiles.GetAsync(targetId, blockerId);
        return TypedResults.Created(
            $"/api/v1/users/{targetId}/relationship",
            new BlockResponse(blocker!, blockee!, result.ConversationId!.Value, result.CreatedAt!.Value));
    }

    /// <summary>Removes the block of <paramref name="targetId"/> by <paramref name="blockerId"/>.</summary>
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
            return ApiProblems.Result(404, "user.block.not_blocked", "You do not block this user.");
        }

        var blocker = await profiles.GetAsync(blockerId, blockerId);
        return TypedResults.Ok(new UnblockResponse(blocker!, blockee, result.UnblockedAt!.Value));
    }
}
