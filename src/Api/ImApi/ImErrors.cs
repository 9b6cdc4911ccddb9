using ChatBlock.Api.Dialects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBlock.Api.ImApi;

/// <summary>
/// The IM API's errors (seeds 001/004, SPEC section 8), word for word where the seeds give them; the HTTP status always equals
/// <c>RC</c>.
/// </summary>
public static class ImErrors
{
    /// <summary>401 <c>INVALID_TOKEN</c> "Unauthorized" / "Invalid or expired token" (seeds 001/004).</summary>
    public static ImFailure InvalidToken { get; } = new(401, "Unauthorized", new("INVALID_TOKEN", "Invalid or expired token"));

    /// <summary>404 <c>USER_NOT_FOUND</c> "User not found" / "The specified user does not exist" (seeds 001/004).</summary>
    public static JsonHttpResult<ImFailure> UserNotFound() =>
        Fail(404, "User not found", "USER_NOT_FOUND", "The specified user does not exist");

    /// <summary>400 <c>SELF_BLOCK_FORBIDDEN</c> "Cannot block yourself" / "Users cannot block themselves" (seeds 001/004).</summary>
    public static JsonHttpResult<ImFailure> SelfBlock() =>
        Fail(400, "Cannot block yourself", "SELF_BLOCK_FORBIDDEN", "Users cannot block themselves");

    /// <summary>
    /// 409 <c>USER_ALREADY_BLOCKED</c> "User already blocked" / "This user is already in your block list" (seeds 001/004).
    /// </summary>
    public static JsonHttpResult<ImFailure> AlreadyBlocked() =>
        Fail(409, "User already blocked", "USER_ALREADY_BLOCKED", "This user is already in your block list");

    /// <summary>404 <c>NOT_BLOCKED</c> "User not blocked" / "This user is not in your block list" (SPEC section 8).</summary>
    public static JsonHttpResult<ImFailure> NotBlocked() =>
        Fail(404, "User not blocked", "NOT_BLOCKED", "This user is not in your block list");

    /// <summary>400 <c>INVALID_USER_ID</c>: a user id that cannot be an external id (1-128 of <c>A-Za-z0-9_.@:-</c>).</summary>
    public static JsonHttpResult<ImFailure> InvalidUserId() => Fail(
        400, "Invalid user ID", "INVALID_USER_ID", "A user ID is 1-128 characters of A-Z, a-z, 0-9, '_', '.', '@', ':' or '-'");

    /// <summary>400 <c>INVALID_REQUEST</c> with <paramref name="message"/> saying which parameter and why.</summary>
    public static JsonHttpResult<ImFailure> InvalidRequest(string message) => Fail(400, "Bad request", "INVALID_REQUEST", message);

    /// <summary>
    /// The IM body of an error the pipeline raised on an IM route (SPEC section 8): the token challenge, the rate limiter, storage
    /// faults; written by <see cref="DialectProblemWriter"/>.
    /// </summary>
    public static ImFailure Failure(DialectError error) => error.Code switch
    {
        "auth.unauthorized" => InvalidToken,
        "rate_limited" => RateLimited(error.Status),
        "storage.unavailable" => new(error.Status, "Service unavailable", new("SERVICE_UNAVAILABLE", "Try again later")),
        _ when error.Status >= 500 => new(error.Status, "Server error", new("SERVER_ERROR", "Something went wrong")),
        _ => new(error.Status, error.Message, new(error.Code.ToUpperInvariant().Replace('.', '_'), error.Message)),
    };

    /// <summary>429 <c>RATE_LIMITED</c> (the caller sets <c>Retry-After</c>).</summary>
    public static ImFailure RateLimited(int status = StatusCodes.Status429TooManyRequests) =>
        new(status, "Too many requests", new("RATE_LIMITED", "Too many block requests; try again after the time in Retry-After"));

    private static JsonHttpResult<ImFailure> Fail(int status, string rm, string code, string message) =>
        TypedResults.Json(new ImFailure(status, rm, new(code, message)), statusCode: status);
}
