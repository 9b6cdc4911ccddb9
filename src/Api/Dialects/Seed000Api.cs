using ChatBlock.Api.Blocks;
using ChatBlock.Api.Conversations;
using ChatBlock.Api.Infrastructure;
using ChatBlock.Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBlock.Api.Dialects;

/// <summary>
/// Seed 000's dialect (an Express + Prisma chat, SPEC section 9): <c>/api/users/{id}/block</c> (POST, DELETE),
/// <c>GET /api/users/me/blocked</c> and <c>POST /api/messages/{conversationId}</c>, answering <c>{success, message}</c>.
/// </summary>
public static class Seed000Api
{
    /// <summary>The OpenAPI tag of this dialect.</summary>
    public const string Tag = "Seed 000 dialect";

    /// <summary>Maps the four routes, with this dialect's envelope for every error.</summary>
    public static IEndpointRouteBuilder MapSeed000Api(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags(Tag).RequireAuthorization()
            .WithMetadata(new DialectErrors(Tag, Failure));
        group.MapPost("/users/{id}/block", BlockAsync)
            .ProducesFailures<Seed000Answer>(400, 401, 404, 429);
        group.MapDelete("/users/{id}/block", UnblockAsync).ProducesFailures<Seed000Answer>(400, 401);
        group.MapGet("/users/me/blocked", ListBlockedAsync).ProducesFailures<Seed000Answer>(401);
        group.MapPost("/messages/{conversationId}", SendAsync).ProducesFailures<Seed000Answer>(400, 401, 403, 404);
        return app;
    }

    /// <summary>
    /// Blocks a user: 200 "User blocked", also 200 "User already blocked" (the seed's answer to its unique-constraint error);
    /// 400 "You cannot block yourself"; 404 "User not found". Takes the optional timed-block body of SPEC section 10 (400 with the
    /// reason when it is not acceptable).
    /// </summary>
    public static async Task<Results<Ok<Seed000Answer>, JsonHttpResult<Seed000Answer>>> BlockAsync(
        Guid id, CurrentUser me, DialectCommands commands, HttpContext context)
    {
        var (terms, invalid) = await commands.ReadBlockTermsAsync(context);
        if (invalid is not null)
        {
            return Fail(400, invalid);
        }

        return await commands.BlockAsync(me.Id, id, terms) switch
        {
            { Outcome: BlockOutcome.RateLimited } limited => DialectRateLimit.Refuse(context, limited, Failure),
            { Outcome: BlockOutcome.Blocked } => TypedResults.Ok(new Seed000Answer(true, "User blocked")),
            { Outcome: BlockOutcome.AlreadyBlocked } => TypedResults.Ok(new Seed000Answer(true, "User already blocked")),
            { Outcome: BlockOutcome.Self } => Fail(400, "You cannot block yourself"),
            { Outcome: BlockOutcome.InvalidReportMessage } => Fail(400, "A reported message is not one the blocked user sent in a conversation you are in."),
            _ => Fail(404, "User not found"),
        };
    }

    /// <summary>Unblocks a user: 200 "User unblocked", also when there was no block (the seed's <c>deleteMany</c>).</summary>
    public static async Task<Ok<Seed000Answer>> UnblockAsync(Guid id, CurrentUser me, DialectCommands commands)
    {
        await commands.UnblockAsync(me.Id, id);
        return TypedResults.Ok(new Seed000Answer(true, "User unblocked"));
    }

    /// <summary>Every user the caller blocks, newest first, as a bare array of <c>{id, username, avatarUrl, name}</c>.</summary>
    public static async Task<Ok<List<Seed000BlockedUser>>> ListBlockedAsync(CurrentUser me, DialectCommands commands) =>
        TypedResults.Ok((await commands.ListBlockedAsync(me.Id))
            .Select(u => new Seed000BlockedUser(u.Id, u.Username, u.AvatarUrl, u.DisplayName)).ToList());

    /// <summary>
    /// Sends a text message: 201 <c>Message</c>; 403 "You have been blocked by this user." when the recipient blocks the sender
    /// (under <c>Discreet</c> "Message not delivered.", under <c>Shadow</c> 201 as section 5 says); 403 with section 5 rule 1's
    /// text when the sender blocks; 404 "Conversation not found"; 400 for empty or too long content.
    /// </summary>
    public static async Task<Results<Created<MessageResponse>, JsonHttpResult<Seed000Answer>>> SendAsync(
        Guid conversationId, Seed000SendRequest request, CurrentUser me, DialectCommands commands, CancellationToken cancellationToken)
    {
        if (MessageRules.Validate(request.Content, null) is { } invalid)
        {
            return Fail(400, invalid);
        }

        var result = await commands.SendAsync(conversationId, me.Id, request.Content!, MessageRules.DefaultType, cancellationToken);
        return result.Outcome switch
        {
            SendOutcome.Sent or SendOutcome.SentToSenderOnly => TypedResults.Created(
                $"/api/v1/conversations/{conversationId}/messages", result.Message!.ToResponse()),
            SendOutcome.BlockedByRecipient => Fail(403, "You have been blocked by this user."),
            SendOutcome.RecipientBlocked => Fail(403, "You cannot send messages to a user you have blocked. Unblock them first."),
            SendOutcome.NotDelivered => Fail(403, "Message not delivered."),
            _ => Fail(404, "Conversation not found"),
        };
    }

    /// <summary>This dialect's body for an error the pipeline raised (no token, malformed id, rate limit, fault).</summary>
    public static Seed000Answer Failure(DialectError error) => new(false, error.Code switch
    {
        "auth.unauthorized" => "Unauthorized",
        "request.invalid_id" => "Invalid id",
        "rate_limited" => "Too many requests",
        "request.invalid" => "Invalid request body",
        _ when error.Status >= 500 => "Internal server error",
        _ => error.Message,
    });

    private static JsonHttpResult<Seed000Answer> Fail(int status, string message) =>
        TypedResults.Json(new Seed000Answer(false, message), statusCode: status);
}
