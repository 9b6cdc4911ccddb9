using ChatBlock.Api.Infrastructure;
using ChatBlock.Grains;
using ChatBlock.Grains.Conversations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBlock.Api.Conversations;

/// <summary>Sending and reading messages, with the send gate's answers of SPEC section 5.</summary>
public static class MessagesApi
{
    /// <summary>Default and largest page size of message history.</summary>
    public const int DefaultLimit = 50, MaxLimit = 100;

    /// <summary>Maps <c>POST</c> and <c>GET /conversations/{id}/messages</c>.</summary>
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/conversations/{id}/messages").WithTags("Messages").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        // 403: the send gate's refusals (message.recipient_blocked, message.blocked_by_recipient, message.not_delivered).
        group.MapPost("/", SendAsync).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListAsync);
        return api;
    }

    /// <summary>Sends a message. In a direct conversation it is refused (and not stored) while either side blocks the other.</summary>
    public static async Task<Results<Created<MessageResponse>, ProblemHttpResult>> SendAsync(
        Guid id, SendMessageRequest request, CurrentUser me, ConversationRouter router, CancellationToken cancellationToken)
    {
        if (MessageRules.Validate(request.Content, request.MessageType) is { } error)
        {
            return ApiProblems.Result(400, "message.invalid", "The message is invalid.", error);
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
            SendOutcome.RecipientBlocked => ApiProblems.Result(403, "message.recipient_blocked",
                "You cannot send messages to a user you have blocked. Unblock them first."),
            SendOutcome.BlockedByRecipient => ApiProblems.Result(403, "message.blocked_by_recipient",
                "You cannot send messages to this user as they have blocked you."),
            SendOutcome.NotDelivered => ApiProblems.Result(403, "message.not_delivered", "Message not delivered."),
            _ => ApiProblems.ConversationNotFound(),
        };
    }

    /// <summary>History, newest first; <paramref name="before"/> is a message id (the previous page's <c>nextCursor</c>).</summary>
    public static async Task<Results<Ok<MessagePageResponse>, ProblemHttpResult>> ListAsync(
        Guid id, string? limit, string? before, CurrentUser me, ConversationRouter router, CancellationToken cancellationToken)
    {
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, out size) || size is < 1 or > MaxLimit))
        {
            return ApiProblems.Invalid($"'limit' must be an integer from 1 to {MaxLimit}.");
        }

        Guid? beforeId = null;
        if (before is not null)
        {
            if (!Guid.TryParseExact(before, "D", out var parsed))
            {
                return ApiProblems.InvalidId("before");
            }

            beforeId = parsed;
        }

        var grain = await router.GetGrainAsync(id, cancellationToken);
        var messages = grain is null ? null : await grain.GetMessagesAsync(me.Id, beforeId, size + 1);
        if (messages is null)
        {
            return ApiProblems.ConversationNotFound();
        }

        var items = messages.Take(size).Select(m => m.ToResponse()).ToList();
        var next = messages.Count > size ? items[^1].Id.ToString() : null;
        return TypedResults.Ok(new MessagePageResponse(items, next));
    }
}
