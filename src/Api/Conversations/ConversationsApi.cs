using ChatBlock.Api.Blocks;
using ChatBlock.Api.Infrastructure;
using ChatBlock.Api.Limits;
using ChatBlock.Api.Users;
using ChatBlock.Grains;
using ChatBlock.Grains.Conversations;
using ChatBlock.Silo.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ChatBlock.Api.Conversations;

/// <summary>Direct and group conversations, and blocking from inside a direct conversation (SPEC section 4).</summary>
public static class ConversationsApi
{
    /// <summary>Maps the <c>/conversations</c> routes except messages.</summary>
    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/conversations").WithTags("Conversations").RequireAuthorization();
        group.MapPost("/direct", OpenDirectAsync).ProducesProblems(400, 404).RequireRateLimiting(RateLimits.Conversations);
        group.MapPost("/group", CreateGroupAsync).ProducesProblems(400, 404).RequireRateLimiting(RateLimits.Conversations);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync).ProducesProblems(404);
        group.MapPost("/{id}/block", BlockAsync).WithBlockLimits().ProducesProblems(400, 404, 409);
        group.MapPost("/{id}/unblock", UnblockAsync).ProducesProblems(400, 404);
        return api;
    }

    /// <summary>
    /// The direct conversation with a user: <c>201</c> when new to the caller (created now, or the caller never opened it: one that
    /// the other user's block created must not look older, issue 11 item 12), <c>200</c> when the caller had opened it; allowed
    /// whatever the blocks.
    /// </summary>
    public static async Task<Results<Created<ConversationResponse>, Ok<ConversationResponse>, ProblemHttpResult>> OpenDirectAsync(
        CreateDirectRequest request, CurrentUser me, IGrainFactory grains, ConversationRouter router, ProfileReader profiles,
        CancellationToken cancellationToken)
    {
        if (request.UserId is null)
        {
            return ApiProblems.Invalid("'userId' is required.");
        }

        if (!Guid.TryParseExact(request.UserId, "D", out var otherId))
        {
            return ApiProblems.InvalidId("userId");
        }

        if (otherId == me.Id)
        {
            return ApiProblems.ConversationSelf();
        }

        if (await grains.GetGrain<IUserGrain>(otherId).GetProfileAsync(me.Id) is null)
        {
            return ApiProblems.UserNotFound();
        }

        var (conversation, created) = await router.OpenDirectAsync(me.Id, otherId, cancellationToken);
        var response = await conversation.ToResponseAsync(me.Id, profiles);
        return created ? TypedResults.Created($"/api/v1/conversations/{conversation.Id}", response) : TypedResults.Ok(response);
    }

    /// <summary>Creates a group of the caller and the given members.</summary>
    public static async Task<Results<Created<ConversationResponse>, ProblemHttpResult>> CreateGroupAsync(
        CreateGroupRequest request, CurrentUser me, IGrainFactory grains, ConversationRouter router, ProfileReader profiles,
        IOptions<ConversationOptions> options, CancellationToken cancellationToken)
    {
        var maxGroupSize = options.Value.MaxGroupSize;
        var title = request.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > 100)
        {
            return ApiProblems.Invalid("'title' must be 1-100 characters.");
        }

        // The list is bounded before any work (it may name the caller, who counts once): Conversations:MaxGroupSize, creator included.
        if (request.MemberIds is not { Count: > 0 } memberIds || memberIds.Count > maxGroupSize)
        {
            return ApiProblems.Invalid($"'memberIds' must list 1 to {maxGroupSize - 1} users.");
        }

        var members = new List<Guid>(memberIds.Count);
        foreach (var raw in memberIds)
        {
            if (!Guid.TryParseExact(raw, "D", out var memberId))
            {
                return ApiProblems.InvalidId("memberIds");
            }

            members.Add(memberId);
        }

        members = members.Where(id => id != me.Id).Distinct().ToList();
        if (members.Count == 0)
        {
            return ApiProblems.Invalid("'memberIds' must name at least one user other than you.");
        }

        if (members.Count + 1 > maxGroupSize)
        {
            return ApiProblems.Invalid($"'memberIds' must list 1 to {maxGroupSize - 1} users.");
        }

        var found = await Task.WhenAll(members.Select(id => grains.GetGrain<IUserGrain>(id).GetProfileAsync(me.Id)));
        if (found.Any(p => p is null))
        {
            return ApiProblems.UserNotFound();
        }

        var conversation = await router.CreateGroupAsync(me.Id, title, members, cancellationToken);
        return TypedResults.Created($"/api/v1/conversations/{conversation.Id}", await conversation.ToResponseAsync(me.Id, profiles));
    }

    /// <summary>
    /// One page of the caller's conversations, most recent activity first (<c>limit</c> 1-100, default 50; <c>cursor</c> from the
    /// previous page's <c>nextCursor</c>).
    /// </summary>
    public static async Task<Ok<ConversationListResponse>> ListAsync(
        [AsParameters] ConversationPageRequest page, CurrentUser me, ConversationRouter router, ProfileReader profiles,
        CancellationToken cancellationToken)
    {
        var (conversations, next) = await router.ListAsync(me.Id, page.Size, page.After, cancellationToken);
        var items = await Task.WhenAll(conversations.Select(c => c.ToResponseAsync(me.Id, profiles)));
        return TypedResults.Ok(new ConversationListResponse(items, ConversationPageRequest.Encode(next)));
    }

    /// <summary>One conversation of the caller's; <c>404</c> also when the caller is not a participant.</summary>
    public static async Task<Results<Ok<ConversationResponse>, ProblemHttpResult>> GetAsync(
        Guid id, CurrentUser me, ConversationRouter router, ProfileReader profiles, CancellationToken cancellationToken) =>
        await FindAsync(id, me.Id, router, cancellationToken) is { } conversation
            ? TypedResults.Ok(await conversation.ToResponseAsync(me.Id, profiles))
            : ApiProblems.ConversationNotFound();

    /// <summary>Blocks the other participant of a direct conversation.</summary>
    public static async Task<Results<Created<BlockResponse>, ProblemHttpResult>> BlockAsync(
        Guid id, CurrentUser me, ConversationRouter router, BlockHandlers handlers, CancellationToken cancellationToken) =>
        await OtherParticipantAsync(id, me.Id, router, cancellationToken) switch
        {
            { Problem: { } problem } => problem,
            var found => await handlers.BlockAsync(me.Id, found.OtherId),
        };

    /// <summary>Unblocks the other participant of a direct conversation.</summary>
    public static async Task<Results<Ok<UnblockResponse>, ProblemHttpResult>> UnblockAsync(
        Guid id, CurrentUser me, ConversationRouter router, BlockHandlers handlers, CancellationToken cancellationToken) =>
        await OtherParticipantAsync(id, me.Id, router, cancellationToken) switch
        {
            { Problem: { } problem } => problem,
            var found => await handlers.UnblockAsync(me.Id, found.OtherId),
        };

    /// <summary>The conversation if it exists and <paramref name="viewerId"/> takes part in it.</summary>
    internal static async Task<ConversationInfo?> FindAsync(
        Guid id, Guid viewerId, ConversationRouter router, CancellationToken cancellationToken) =>
        await router.GetGrainAsync(id, cancellationToken) is { } grain ? await grain.GetAsync(viewerId) : null;

    private static async Task<(Guid OtherId, ProblemHttpResult? Problem)> OtherParticipantAsync(
        Guid id, Guid viewerId, ConversationRouter router, CancellationToken cancellationToken)
    {
        var conversation = await FindAsync(id, viewerId, router, cancellationToken);
        if (conversation is null)
        {
            return (Guid.Empty, ApiProblems.ConversationNotFound());
        }

        return conversation.IsDirect
            ? (conversation.ParticipantIds.First(p => p != viewerId), null)
            : (Guid.Empty, ApiProblems.ConversationNotDirect());
    }
}
