using ChatBlock.Api.Infrastructure;
using ChatBlock.Api.Limits;
using ChatBlock.Grains;
using ChatBlock.Grains.Conversations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBlock.Api.Conversations;

/// <summary>Sending and reading messages, with the send gate's answers of SPEC section 5.</summary>
public static class MessagesApi
{
    /// <summary>Maps <c>POST</c> and <c>GET /conversations/{id}/messages</c>.</summary>
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/conversations/{id}/messages").WithTags("Messages").RequireAuthorization();
        // 403: the send gate's refusals (message.recipient_blocked, message.blocked_by_recipient, message.not_delivered).
        // 409: a repeated Idempotency-Key whose first request did not finish; 429: Messages:RateLimit (per silo).
        group.MapPost("/", SendAsync).ProducesProblems(400, 403, 404, 409)
            .RequireRateLimiting(RateLimits.Messages).AddEndpointFilter<IdempotencyFilter>();
        group.MapGet("/", ListAsync).ProducesProblems(404);
        return api;
    }

    /// <summary>Sends a message. In a direct conversation it is refused (and not stored) while either side blocks the other.</summary>
    public static async Task<Results<Created<MessageResponse>, ProblemHttpResult>> SendAsync(
        Guid id, SendMessageRequest request, CurrentUser me, ConversationRouter router, CancellationToken cancellationToken)
    {
        if (MessageRules.Validate(request.Content, request.MessageType) is { } error)
        {
            return ApiProblems.MessageInvalid(error);
        }

        var grain = await router.GetGrainAsync(id, cancellationToken);
        if (grain is null)
        {
            return ApiProblems.ConversationNotFound();
        }

        var result = await grain.SendAsync(me.Id, request.Content!, request.MessageType ?? MessageRules.DefaultType);
        return result.Outcome switch
        {
            SendOutcome.Sent or SendOutcome.SentToSenderOnly =>
                TypedResults.Created($"/api/v1/conversations/{id}/messages", result.Message!.ToResponse()),
            SendOutcome.RecipientBlocked => ApiProblems.RecipientBlocked(),
            SendOutcome.BlockedByRecipient => ApiProblems.BlockedByRecipient(),
            SendOutcome.NotDelivered => ApiProblems.NotDelivered(),
            _ => ApiProblems.ConversationNotFound(),
        };
    }

    /// <summary>
    /// History, newest first, one <paramref name="paging"/> page (validated by the paging filter: a bad <c>limit</c> is
    /// <c>400 request.invalid</c>, a malformed <c>before</c> <c>400 request.invalid_id</c>).
    /// </summary>
    public static async Task<Results<Ok<MessagePageResponse>, ProblemHttpResult>> ListAsync(
        Guid id, [AsParameters] MessagePageRequest paging, CurrentUser me, ConversationRouter router,
        CancellationToken cancellationToken)
    {
        var size = paging.Size;
        var grain = await router.GetGrainAsync(id, cancellationToken);
        var messages = grain is null ? null : await grain.GetMessagesAsync(me.Id, paging.BeforeId, size + 1);
        if (messages is null)
        {
            return ApiProblems.ConversationNotFound();
        }

        var items = messages.Take(size).Select(m => m.ToResponse()).ToList();
        var next = messages.Count > size ? items[^1].Id.ToString() : null;
        return TypedResults.Ok(new MessagePageResponse(items, next));
    }
}
