using ChatBlock.Api.Conversations;
using ChatBlock.Api.Blocks;
using ChatBlock.Api.Infrastructure;
using ChatBlock.Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBlock.Api.Dialects;

/// <summary>
/// Seed 003's dialect (an Express chat, SPEC section 9): block, unblock and send inside a chat under <c>/api/chats/{id}</c>,
/// answering <c>{success, message, data}</c> with the seed's words. A chat is a direct conversation of section 4.
/// </summary>
public static class Seed003Api
{
    /// <summary>The OpenAPI tag of this dialect.</summary>
    public const string Tag = "Seed 003 dialect";

    /// <summary>Maps <c>POST /api/chats/{id}/block</c>, <c>/unblock</c> and <c>/messages</c>.</summary>
    public static IEndpointRouteBuilder MapSeed003Api(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/chats/{id}").WithTags(Tag).RequireAuthorization()
            .WithMetadata(new DialectErrors(Tag, Failure));
        group.MapPost("/block", BlockAsync)
            .ProducesFailures<Seed003Failure>(400, 401, 403, 404, 429);
        group.MapPost("/unblock", UnblockAsync).ProducesFailures<Seed003Failure>(400, 401, 403, 404);
        group.MapPost("/messages", SendAsync).ProducesFailures<Seed003Failure>(400, 401, 403, 404);
        return app;
    }

    /// <summary>
    /// Blocks the other participant: 200 "User blocked successfully"; 404 "Chat not found"; 403 "Not authorized to block in this
    /// chat" (not a participant); 400 "User is already blocked". Takes the optional timed-block body of SPEC section 10 (400 with
    /// the reason when it is not acceptable).
    /// </summary>
    public static async Task<Results<Ok<Seed003Answer<Seed003BlockData>>, JsonHttpResult<Seed003Failure>>> BlockAsync(
        Guid id, CurrentUser me, DialectCommands commands, HttpContext context, CancellationToken cancellationToken)
    {
        var chat = await commands.FindAsync(id, me.Id, cancellationToken);
        if (Refusal(chat, me.Id, "Not authorized to block in this chat") is { } refusal)
        {
            return refusal;
        }

        var (terms, invalid) = await commands.ReadBlockTermsAsync(context);
        if (invalid is not null)
        {
            return Fail(400, invalid);
        }

        var otherId = chat.OtherParticipant(me.Id)!.Value;
        var result = await commands.BlockAsync(me.Id, otherId, terms);
        return result.Outcome switch
        {
            BlockOutcome.Blocked => TypedResults.Ok(new Seed003Answer<Seed003BlockData>(
                true, "User blocked successfully", new Seed003BlockData(id, otherId, JsTime.Format(result.CreatedAt!.Value)))),
            BlockOutcome.AlreadyBlocked => Fail(400, "User is already blocked"),
            BlockOutcome.InvalidReportMessage => Fail(400, "A reported message is not one the blocked user sent in a conversation you are in."),
            BlockOutcome.RateLimited => DialectRateLimit.Refuse(context, result, Failure),
            _ => Fail(404, "User not found"),
        };
    }

    /// <summary>
    /// Unblocks the other participant: 200 "User unblocked successfully"; 404 "Chat not found"; 403 "Not authorized to unblock in
    /// this chat"; 400 "User is not blocked" (also when it is the other participant who blocks: only the blocker can unblock).
    /// </summary>
    public static async Task<Results<Ok<Seed003Answer<Seed003UnblockData>>, JsonHttpResult<Seed003Failure>>> UnblockAsync(
        Guid id, CurrentUser me, DialectCommands commands, CancellationToken cancellationToken)
    {
        var chat = await commands.FindAsync(id, me.Id, cancellationToken);
        if (Refusal(chat, me.Id, "Not authorized to unblock in this chat") is { } refusal)
        {
            return refusal;
        }

        var otherId = chat.OtherParticipant(me.Id)!.Value;
        var result = await commands.UnblockAsync(me.Id, otherId);
        return result.Unblocked
            ? TypedResults.Ok(new Seed003Answer<Seed003UnblockData>(
                true, "User unblocked successfully", new Seed003UnblockData(id, otherId, JsTime.Format(result.UnblockedAt!.Value))))
            : Fail(400, "User is not blocked");
    }

    /// <summary>
    /// Sends a message: 201 "Message sent successfully" with the <c>Message</c>; 403 with the seed's two texts while either side
    /// blocks (under <c>Discreet</c> "Message not delivered.", under <c>Shadow</c> 201 as section 5 says); 404 "Chat not found"
    /// (also for a chat the caller is not in); 400 for empty or invalid content.
    /// </summary>
    public static async Task<Results<Created<Seed003Sent>, JsonHttpResult<Seed003Failure>>> SendAsync(
        Guid id, Seed003SendRequest request, CurrentUser me, DialectCommands commands, CancellationToken cancellationToken)
    {
        if (MessageRules.Validate(request.Content, request.MessageType) is { } invalid)
        {
            return Fail(400, invalid);
        }

        var result = await commands.SendAsync(
            id, me.Id, request.Content!, request.MessageType ?? MessageRules.DefaultType, cancellationToken);
        return result.Outcome switch
        {
            SendOutcome.Sent or SendOutcome.SentToSenderOnly => TypedResults.Created(
                $"/api/v1/conversations/{id}/messages",
                new Seed003Sent(true, "Message sent successfully", result.Message!.ToResponse())),
            // Seed 003's two texts, word for word: without and with the final period.
            SendOutcome.BlockedByRecipient => Fail(403, "You cannot send messages to this user as they have blocked you"),
            SendOutcome.RecipientBlocked => Fail(403, "You cannot send messages to a user you have blocked. Unblock them first."),
            SendOutcome.NotDelivered => Fail(403, "Message not delivered."),
            _ => Fail(404, "Chat not found"),
        };
    }

    /// <summary>This dialect's body for an error the pipeline raised (no token, malformed id, rate limit, fault).</summary>
    public static Seed003Failure Failure(DialectError error) => new(false, error.Code switch
    {
        "auth.unauthorized" => "Not authorized",
        "request.invalid_id" => "Invalid chat id",
        "rate_limited" => "Too many requests",
        "request.invalid" => "Invalid request body",
        _ when error.Status >= 500 => "Server error",
        _ => error.Message,
    });

    private static JsonHttpResult<Seed003Failure>? Refusal(DialectChat chat, Guid viewerId, string notAuthorized) =>
        !chat.Exists ? Fail(404, "Chat not found")
        : chat.Conversation is null ? Fail(403, notAuthorized)
        : chat.OtherParticipant(viewerId) is null ? Fail(400, "Blocking works in direct chats only")
        : null;

    private static JsonHttpResult<Seed003Failure> Fail(int status, string message) =>
        TypedResults.Json(new Seed003Failure(false, message), statusCode: status);
}
