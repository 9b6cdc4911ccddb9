using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChatBlock.Api.Infrastructure;

/// <summary>
/// Every problem the API answers, one named factory per <c>code</c> of SPEC section 4 (RFC 9457 problem details with the stable,
/// machine-readable <c>code</c> member, usable as an i18n key). <c>traceId</c> is added to every problem by
/// <see cref="ProblemDetailsSetup"/>. Handlers return the <see cref="ProblemHttpResult"/> factories; middleware that writes
/// through <see cref="IProblemDetailsService"/> uses the <see cref="ProblemDetails"/> ones.
/// </summary>
public static class ApiProblems
{
    /// <summary><c>400 request.invalid</c>; <paramref name="detail"/> says which member and why.</summary>
    public static ProblemHttpResult Invalid(string detail) => Result(400, "request.invalid", "The request is invalid.", detail);

    /// <summary><c>400 request.invalid_id</c>: a malformed UUID in the query or body member <paramref name="name"/>.</summary>
    public static ProblemHttpResult InvalidId(string name) =>
        Result(400, "request.invalid_id", "An id is malformed.", $"'{name}' must be a UUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301.");

    /// <summary><c>400 request.invalid_id</c>: a malformed UUID in the route parameter <paramref name="name"/>.</summary>
    public static ProblemDetails InvalidRouteId(string name) =>
        Create(400, "request.invalid_id", "An id is malformed.", $"'{name}' must be a UUID.");

    /// <summary><c>401 auth.unauthorized</c>: no bearer token, or not a valid one (written by the JWT bearer challenge).</summary>
    public static ProblemDetails Unauthorized() => Create(401, "auth.unauthorized", "A valid bearer token is required.");

    /// <summary><c>401 auth.invalid_credentials</c>: wrong username or password at sign-in.</summary>
    public static ProblemHttpResult InvalidCredentials() => Result(401, "auth.invalid_credentials", "Wrong username or password.");

    /// <summary><c>404 app.not_found</c>: no configured app has this id (SPEC section 8, server API).</summary>
    public static ProblemDetails AppNotFound() => Create(404, "app.not_found", "App not found.");

    /// <summary><c>401 auth.unauthorized</c> of the server API: no server key, or not the app's (SPEC section 8).</summary>
    public static ProblemDetails ServerKeyRequired() =>
        Create(401, "auth.unauthorized", "The app's server key is required.", "Send 'Authorization: Bearer <server key>'.");

    /// <summary><c>409 user.username_taken</c>.</summary>
    public static ProblemHttpResult UsernameTaken() => Result(409, "user.username_taken", "That username is taken.");

    /// <summary><c>404 user.not_found</c>.</summary>
    public static ProblemHttpResult UserNotFound() => Result(404, "user.not_found", "User not found.");

    /// <summary><c>400 user.block.self</c>.</summary>
    public static ProblemHttpResult BlockSelf() => Result(400, "user.block.self", "You cannot block yourself.");

    /// <summary><c>409 user.block.already_blocked</c>.</summary>
    public static ProblemHttpResult AlreadyBlocked() => Result(409, "user.block.already_blocked", "You already block this user.");

    /// <summary>
    /// <c>400 report.invalid_message</c>: a message a report lists is not the blocked user's in a conversation of the reporter
    /// (SPEC section 10); nothing changed.
    /// </summary>
    public static ProblemHttpResult ReportInvalidMessage() => Result(
        400, "report.invalid_message", "A reported message is not valid.",
        "Each listed message must be one the blocked user sent in a conversation you are in.");

    /// <summary><c>404 user.block.not_blocked</c>.</summary>
    public static ProblemHttpResult NotBlocked() => Result(404, "user.block.not_blocked", "You do not block this user.");

    /// <summary>
    /// <c>429 rate_limited</c> of the block limit (SPEC sections 6 and 11, counted across silos); the caller adds <c>Retry-After</c>.
    /// </summary>
    public static ProblemHttpResult BlockRateLimited() =>
        Result(429, "rate_limited", "Too many block requests.", "Try again after the time in Retry-After.");

    /// <summary><c>404 conversation.not_found</c>, also for a conversation the caller does not take part in.</summary>
    public static ProblemHttpResult ConversationNotFound() => Result(404, "conversation.not_found", "Conversation not found.");

    /// <summary><c>400 conversation.self</c>: a direct conversation with oneself.</summary>
    public static ProblemHttpResult ConversationSelf() =>
        Result(400, "conversation.self", "You cannot open a direct conversation with yourself.");

    /// <summary><c>400 conversation.not_direct</c>: blocking from inside a group.</summary>
    public static ProblemHttpResult ConversationNotDirect() =>
        Result(400, "conversation.not_direct", "Blocking works in direct conversations only.");

    /// <summary><c>400 message.invalid</c>; <paramref name="detail"/> says why.</summary>
    public static ProblemHttpResult MessageInvalid(string detail) => Result(400, "message.invalid", "The message is invalid.", detail);

    /// <summary><c>403 message.recipient_blocked</c>: the sender blocks the recipient (SPEC section 5).</summary>
    public static ProblemHttpResult RecipientBlocked() => Result(403, "message.recipient_blocked",
        "You cannot send messages to a user you have blocked. Unblock them first.");

    /// <summary><c>403 message.blocked_by_recipient</c>: the recipient blocks the sender, disclosed (SPEC section 5).</summary>
    public static ProblemHttpResult BlockedByRecipient() => Result(403, "message.blocked_by_recipient",
        "You cannot send messages to this user as they have blocked you.");

    /// <summary><c>403 message.not_delivered</c>: the recipient blocks the sender, not disclosed (SPEC section 5).</summary>
    public static ProblemHttpResult NotDelivered() => Result(403, "message.not_delivered", "Message not delivered.");

    /// <summary>
    /// <c>503 storage.unavailable</c>: the database is unreachable or saturated (SPEC section 11); sent with <c>Retry-After</c>.
    /// </summary>
    /// <param name="retryAfterSeconds">What the <c>Retry-After</c> header says, repeated in the detail.</param>
    public static ProblemDetails StorageUnavailable(int retryAfterSeconds) => Create(
        503, "storage.unavailable", "Storage is unavailable.",
        $"The database is unreachable or saturated; retry after {retryAfterSeconds} seconds.");

    /// <summary>
    /// <c>429 rate_limited</c> of a per-silo limit (registrations, sends, conversations; SPEC section 11), written by the rate
    /// limiting middleware, which adds <c>Retry-After</c>.
    /// </summary>
    public static ProblemDetails RateLimited() =>
        Create(429, "rate_limited", "Too many requests.", "Try again after the time in Retry-After.");

    /// <summary>
    /// <c>429 rate_limited</c> of the sign-in limit (per address and account, SPEC section 11); the caller adds <c>Retry-After</c>.
    /// </summary>
    public static ProblemHttpResult LoginRateLimited() =>
        Result(429, "rate_limited", "Too many sign-in attempts.", "Try again after the time in Retry-After.");

    /// <summary>
    /// <c>400 request.invalid</c>: an <c>Idempotency-Key</c> header that is empty, repeated, too long or has control characters.
    /// </summary>
    public static ProblemHttpResult InvalidIdempotencyKey(int maxLength) =>
        Invalid($"'Idempotency-Key' must be one value of 1-{maxLength} characters without control characters.");

    /// <summary>
    /// <c>409 request.idempotency_in_progress</c>: the first request with this <c>Idempotency-Key</c> is still running, or failed
    /// without an answer (its outcome is unknown, so it is not run again; SPEC section 11).
    /// </summary>
    public static ProblemHttpResult IdempotencyInProgress() => Result(
        409, "request.idempotency_in_progress", "A request with this Idempotency-Key is in progress or did not finish.",
        "Its outcome is unknown; check the resource before you retry with a new key.");

    /// <summary>
    /// <c>503 events.unavailable</c>: this silo holds <c>Events:MaxStreamsPerSilo</c> live event streams (issue 11); sent with
    /// <c>Retry-After</c>.
    /// </summary>
    /// <param name="retryAfterSeconds">What the <c>Retry-After</c> header says, repeated in the detail.</param>
    public static ProblemHttpResult EventStreamsUnavailable(int retryAfterSeconds) => Result(
        503, "events.unavailable", "This server holds as many live event streams as it can.",
        $"Retry after {retryAfterSeconds} seconds.");

    private static ProblemDetails Create(int status, string code, string title, string? detail = null) => new()
    {
        Status = status,
        Title = title,
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    private static ProblemHttpResult Result(int status, string code, string title, string? detail = null) =>
        TypedResults.Problem(Create(status, code, title, detail));

    /// <summary><c>400 conversation.not_group</c>: adding members to, or leaving, a direct conversation (SPEC section 10).</summary>
    public static ProblemHttpResult ConversationNotGroup() =>
        Result(400, "conversation.not_group", "Members can be added to and left in groups only.");

    /// <summary>
    /// <c>403 group.member_blocked</c>: a user to be put in the group blocks the caller, disclosed (SPEC section 10, <c>Explicit</c>).
    /// </summary>
    public static ProblemHttpResult GroupMemberBlocked() => Result(403, "group.member_blocked",
        "You cannot add a user who has blocked you to a group.");

    /// <summary><c>403 group.members_not_added</c>: the same refusal, reason not disclosed (SPEC section 10, <c>Discreet</c>).</summary>
    public static ProblemHttpResult GroupMembersNotAdded() => Result(403, "group.members_not_added", "Some members could not be added.");
}
