using ChatBlock.Api.Infrastructure;
using ChatBlock.Api.Users;
using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBlock.Api.Blocks;

/// <summary>Block, unblock, list blocks and unblock all (SPEC sections 4 and 6).</summary>
public static class BlocksApi
{
    /// <summary>Maps the block routes under <c>/users</c>.</summary>
    public static IEndpointRouteBuilder MapBlocksApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Blocks").RequireAuthorization();
        group.MapPost("/{userId}/block", BlockAsync).WithBlockLimits().ProducesProblems(400, 404, 409);
        group.MapDelete("/{userId}/block", UnblockAsync).ProducesProblems(404);
        group.MapGet("/me/blocks", ListAsync);
        group.MapDelete("/me/blocks", UnblockAllAsync);
        group.MapBlockTransferApi();
        return api;
    }

    /// <summary>Blocks a user; the blocked user is not notified.</summary>
    public static Task<Results<Created<BlockResponse>, ProblemHttpResult>> BlockAsync(
        Guid userId, CurrentUser me, BlockHandlers handlers) =>
        handlers.BlockAsync(me.Id, userId);

    /// <summary>Removes a block; sending works again both ways at once.</summary>
    public static Task<Results<Ok<UnblockResponse>, ProblemHttpResult>> UnblockAsync(Guid userId, CurrentUser me, BlockHandlers handlers) =>
        handlers.UnblockAsync(me.Id, userId);

    /// <summary>
    /// The users the caller blocks, newest first, one <paramref name="paging"/> page (validated by the paging filter: a bad
    /// <c>limit</c> or <c>cursor</c> is <c>400 request.invalid</c>).
    /// </summary>
    public static async Task<Ok<BlockListResponse>> ListAsync(
        [AsParameters] BlockPageRequest paging, CurrentUser me, IGrainFactory grains, ProfileReader profiles)
    {
        var page = await grains.GetGrain<IUserGrain>(me.Id).ListBlocksAsync(paging.Size, paging.After);
        var users = await profiles.GetManyAsync(page.Items.Select(i => i.UserId), me.Id);
        var byId = users.ToDictionary(u => u.Id);
        var items = page.Items.Where(i => byId.ContainsKey(i.UserId)).Select(i => new BlockListItem(byId[i.UserId], i.CreatedAt)).ToList();
        return TypedResults.Ok(new BlockListResponse(items, BlockCursorCodec.Encode(page.NextCursor)));
    }

    /// <summary>Removes every block of the caller.</summary>
    public static async Task<Ok<UnblockAllResponse>> UnblockAllAsync(CurrentUser me, IGrainFactory grains) =>
        TypedResults.Ok(new UnblockAllResponse(await grains.GetGrain<IUserGrain>(me.Id).UnblockAllAsync()));
}
