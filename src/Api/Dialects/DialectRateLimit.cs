using ChatBlock.Api.Limits;
using ChatBlock.Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBlock.Api.Dialects;

/// <summary>
/// The block limit's refusal in a dialect's envelope: the limit is counted by <see cref="IUserGrain.BlockAsync"/> in the
/// database (SPEC sections 6 and 11), so one block is one permit whichever dialect made it, and only blocks that succeed count.
/// </summary>
public static class DialectRateLimit
{
    /// <summary>
    /// <c>429</c> with <c>Retry-After</c> (the real time until a permit is free) and the body <paramref name="failure"/> makes of
    /// <c>rate_limited</c> / "Too many block requests.", as the pipeline's refusals on the dialect's routes are written.
    /// </summary>
    public static JsonHttpResult<T> Refuse<T>(HttpContext context, BlockResult result, Func<DialectError, T> failure)
    {
        RateLimits.SetRetryAfter(context.Response, result.RetryAfter ?? TimeSpan.Zero);
        var error = new DialectError(
            StatusCodes.Status429TooManyRequests, "rate_limited", "Too many block requests.", DialectError.CorrelationIdOf(context));
        return TypedResults.Json(failure(error), statusCode: StatusCodes.Status429TooManyRequests);
    }
}
