using System.Text;
using ChatBlock.Api.Auth;
using ChatBlock.Api.Infrastructure;
using ChatBlock.Storage;

namespace ChatBlock.Api.Limits;

/// <summary>
/// <c>Idempotency-Key</c> on sends and blocks (SPEC section 11; issue 11 item 5): a repeat by the same user within
/// <see cref="Lifetime"/> answers the first answer (status, <c>Content-Type</c>, <c>Location</c>, body, byte for byte, with
/// <c>Idempotent-Replayed: true</c>) and runs nothing, so it stores nothing and uses no block permit. Kept in the database
/// (<see cref="IChatStore.ReserveIdempotencyKeyAsync"/>), so it holds across silos and restarts.
/// </summary>
/// <remarks>
/// <para>
/// The key is reserved (a pending row) before the handler runs and the answer stored after it. A request whose handler failed
/// (an exception, such as a database outage) keeps its reservation: whether it committed is unknown, so a repeat answers
/// <c>409 request.idempotency_in_progress</c> rather than risk doing it twice (also while the first is still running). Answers
/// that changed nothing and invite a retry (<c>429</c>, <c>5xx</c>) release the key. A key is 1-128 characters without control
/// characters, else <c>400 request.invalid</c>; keys are per user, not per route.
/// </para>
/// </remarks>
public sealed class IdempotencyFilter(IChatStore store, TimeProvider timeProvider) : IEndpointFilter
{
    /// <summary>The request header.</summary>
    public const string HeaderName = "Idempotency-Key";

    /// <summary>The header set on a replayed answer.</summary>
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    /// <summary>Longest key, in characters.</summary>
    public const int MaxKeyLength = 128;

    /// <summary>How long an answer is kept and replayed.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return await next(context);
        }

        if (values.Count != 1 || values[0] is not { Length: > 0 and <= MaxKeyLength } key || key.Any(char.IsControl))
        {
            return ApiProblems.InvalidIdempotencyKey(MaxKeyLength);
        }

        if (!Guid.TryParse(http.User.FindFirst(TokenService.SubjectClaim)?.Value, out var userId))
        {
            return await next(context);
        }

        // Not the request's token: a client that goes away must not leave its reservation half made.
        var now = StoreClock.Now(timeProvider);
        var stored = await store.ReserveIdempotencyKeyAsync(userId, key, now, now - Lifetime, CancellationToken.None);
        if (stored is not null)
        {
            return stored.IsPending ? ApiProblems.IdempotencyInProgress() : new StoredAnswerResult(stored);
        }

        var result = await next(context);
        if (result is not IResult answer)
        {
            await store.ReleaseIdempotencyKeyAsync(userId, key, CancellationToken.None);
            return result;
        }

        // Run the answer into a buffer to keep exactly what the client gets, then send it on.
        var body = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await answer.ExecuteAsync(http);
        }
        finally
        {
            http.Response.Body = body;
        }

        var status = http.Response.StatusCode;
        if (status == StatusCodes.Status429TooManyRequests || status >= 500)
        {
            await store.ReleaseIdempotencyKeyAsync(userId, key, CancellationToken.None);
        }
        else
        {
            await store.CompleteIdempotencyKeyAsync(
                userId, key, status, http.Response.ContentType, http.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
                Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), CancellationToken.None);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(body, http.RequestAborted);
        return Results.Empty;
    }
}
