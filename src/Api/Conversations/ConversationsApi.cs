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
        // 403: a member blocks the caller (group.member_blocked, group.members_not_added; SPEC section 10).
        group.MapPost("/group", CreateGroupAsync).ProducesProblems(400, 403, 404).RequireRateLimiting(RateLimits.Conversations);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync).ProducesProblems(404);
        group.MapPost("/{id}/block", BlockAsync).WithBlockLimits().ProducesProblems(400, 404, 409);
        group.MapPost("/{id}/unblock", UnblockAsync).ProducesProblems(400, 404);
        group.MapPost("/{id}/members", AddMembersAsync).ProducesProblems(400, 403, 404);
        group.MapPost("/{id}/leave", LeaveAsync).ProducesProblems(400, 404);
        return api;
    }

    /// <summary>
    /// The direct conversation with a user: <c>201</c> when new to the caller (created now, or the caller never opened it: one that
    /// the other user's block created must not look older, issue 11 item 12), <c>200</c> when the caller had opened it; allowed
    /// whatever the blocks.
    /// </summary>
    public static async Task<Results<Created<ConversationResponse>, Ok<ConversationResponse>, ProblemHttpResult>> OpenDirectAsync(
        CreateDirectRequest request, CurrentUser me, ConversationRouter router, ProfileReader profiles,
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

        if (await profiles.GetAsync(otherId, me.Id) is null)
        {
            return ApiProblems.UserNotFound();
        }

        var (conversation, created) = await router.OpenDirectAsync(me.Id, otherId, cancellationToken);
        var response = await conversation.ToResponseAsync(me.Id, profiles);
        return created ? TypedResults.Created($"/api/v1/conversations/{conversation.Id}", response) : TypedResults.Ok(response);
    }

    /// <summary>
    /// Creates a group of the caller and the given members. Under <c>Blocking:GroupAdds=Deny</c> (default) a member who blocks the
    /// caller refuses it (<c>403 group.member_blocked</c> under <c>Explicit</c>, <c>403 group.members_not_added</c> under
    /// <c>Discreet</c>) or, under <c>Shadow</c>, is left out silently (SPEC section 10).
    /// </summary>
    public static async Task<Results<Created<ConversationResponse>, ProblemHttpResult>> CreateGroupAsync(
        CreateGroupRequest request, CurrentUser me, ConversationRouter router, ProfileReader profiles,
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

        // A user of another app is as unknown as a missing one (SPEC section 8).
        if ((await profiles.GetManyAsync(members, me.Id)).Count != members.Count)
        {
            return ApiProblems.UserNotFound();
        }

        return await router.CreateGroupAsync(me.Id, title, members) switch
        {
            { Outcome: GroupChangeOutcome.Changed, Conversation: { } conversation } => TypedResults.Created(
                $"/api/v1/conversations/{conversation.Id}", await conversation.ToResponseAsync(me.Id, profiles)),
            var refused => GroupRefusal(refused),
        };
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

    /// <summary>
    /// Adds users to a group the caller is a member of (any member may add): <c>200</c> with the group. Checked against blocks as
    /// group creation is (SPEC section 10); <c>404</c> when the caller is not a member, <c>400 conversation.not_group</c> for a
    /// direct conversation, <c>404 user.not_found</c> for an unknown user.
    /// </summary>
    public static async Task<Results<Ok<ConversationResponse>, ProblemHttpResult>> AddMembersAsync(
        Guid id, AddMembersRequest request, CurrentUser me, IGrainFactory grains, ConversationRouter router, ProfileReader profiles,
        IOptions<ConversationOptions> options, CancellationToken cancellationToken)
    {
        // Conversations:MaxGroupSize bounds the list before any work, and the group after the add.
        var maxGroupSize = options.Value.MaxGroupSize;
        if (request.UserIds is not { Count: > 0 } userIds || userIds.Count >= maxGroupSize)
        {
            return ApiProblems.Invalid($"'userIds' must list 1 to {maxGroupSize - 1} users.");
        }

        var users = new List<Guid>(userIds.Count);
        foreach (var raw in userIds)
        {
            if (!Guid.TryParseExact(raw, "D", out var userId))
            {
                return ApiProblems.InvalidId("userIds");
            }

            users.Add(userId);
        }

        var conversation = await FindAsync(id, me.Id, router, cancellationToken);
        if (conversation is null)
        {
            return ApiProblems.ConversationNotFound();
        }

        if (conversation.IsDirect)
        {
            return ApiProblems.ConversationNotGroup();
        }

        users = users.Distinct().Where(u => !conversation.ParticipantIds.Contains(u)).ToList();
        if (conversation.ParticipantIds.Count + users.Count > maxGroupSize)
        {
            return ApiProblems.Invalid($"A group has at most {maxGroupSize} members.");
        }

        if ((await profiles.GetManyAsync(users, me.Id)).Count != users.Count)
        {
            return ApiProblems.UserNotFound();
        }

        return await grains.GetGrain<IGroupConversationGrain>(id).AddMembersAsync(me.Id, users) switch
        {
            { Outcome: GroupChangeOutcome.Changed, Conversation: { } updated } =>
                TypedResults.Ok(await updated.ToResponseAsync(me.Id, profiles)),
            var refused => GroupRefusal(refused),
        };
    }

    /// <summary>
    /// The caller leaves a group: <c>204</c>. They no longer see it or its messages (<c>404</c>) and cannot send; the others keep
    /// it, also when one member is left (SPEC section 10). <c>400 conversation.not_group</c> for a direct conversation.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> LeaveAsync(
        Guid id, CurrentUser me, IGrainFactory grains, ConversationRouter router, CancellationToken cancellationToken)
    {
        var conversation = await FindAsync(id, me.Id, router, cancellationToken);
        if (conversation is null)
        {
            return ApiProblems.ConversationNotFound();
        }

        if (conversation.IsDirect)
        {
            return ApiProblems.ConversationNotGroup();
        }

        return await grains.GetGrain<IGroupConversationGrain>(id).LeaveAsync(me.Id)
            ? TypedResults.NoContent()
            : ApiProblems.ConversationNotFound();
    }

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

    private static ProblemHttpResult GroupRefusal(GroupChangeResult result) => result.Outcome switch
    {
        GroupChangeOutcome.MemberBlocked => ApiProblems.GroupMemberBlocked(),
        GroupChangeOutcome.MembersNotAdded => ApiProblems.GroupMembersNotAdded(),
        _ => ApiProblems.ConversationNotFound(),
    };
}
