using ChatBlock.Api.Infrastructure;
using ChatBlock.Api.Users;
using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBlock.Api.Blocks;

/// <summary>Block, unblock, list blocks and unblock all (SPEC sections 4 and 6).</summary>
public static class BlocksApi
{
    /// <summary>Default and largest page size of the block list.</summary>
    public const int DefaultLimit = 50, MaxLimit = 100;

    /// <summary>Maps the block routes under <c>/users</c>.</summary>
    public static IEndpointRouteBuilder MapBlocksApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Blocks").RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/{userId}/block", BlockAsync).RequireRateLimiting(BlockRateLimit.PolicyName)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapDelete("/{userId}/block", UnblockAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/me/blocks", ListAsync).ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapDelete("/me/blocks", UnblockAllAsync);
        return api;
    }

    /// <summary>Blocks a user; the blocked user is not notified.</summary>
    public static Task<Results<Created<BlockResponse>, ProblemHttpResult>> BlockAsync(
        Guid userId, CurrentUser me, BlockCommands commands) =>
        commands.BlockAsync(me.Id, userId);

    /// <summary>Removes a block; sending works again both ways at once.</summary>
    public static Task<Results<Ok<UnblockResponse>, ProblemHttpResult>> UnblockAsync(Guid userId, CurrentUser me, BlockCommands commands) =>
        commands.UnblockAsync(me.Id, userId);

    /// <summary>
    /// The users the caller blocks, newest first, <paramref name="limit"/> 1-100 (default 50), from <paramref name="cursor"/>.
    /// </summary>
    public static async Task<Results<Ok<BlockListResponse>, ProblemHttpResult>> ListAsync(
        string? limit, string? cursor, CurrentUser me, IGrainFactory grains, ProfileReader profiles)
    {
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, out size) || size is < 1 or > MaxLimit))
        {
            return ApiProblems.Invalid($"'limit' must be an integer from 1 to {MaxLimit}.");
        }

        BlockCursor? after = null;
        if (cursor is not null && !BlockCursorCodec.TryDecode(cursor, out after))
        {
            return ApiProblems.Invalid("'cursor' is not a cursor this service returned.");
        }

        var page = await grains.GetGrain<IUserGrain>(me.Id).ListBlocksAsync(size, after);
        var users = await profiles.GetManyAsync(page.Items.Select(i => i.UserId), me.Id);
        var byId = users.ToDictionary(u => u.Id);
        var items = page.Items.Where(i => byId.ContainsKey(i.UserId)).Select(i => new BlockListItem(byId[i.UserId], i.CreatedAt)).ToList();
        return TypedResults.Ok(new BlockListResponse(items, BlockCursorCodec.Encode(page.NextCursor)));
    }

    /// <summary>Removes every block of the caller.</summary>
    public static async Task<Ok<UnblockAllResponse>> UnblockAllAsync(CurrentUser me, IGrainFactory grains) =>
        TypedResults.Ok(new UnblockAllResponse(await grains.GetGrain<IUserGrain>(me.Id).UnblockAllAsync()));
}
