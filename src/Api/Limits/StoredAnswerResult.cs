using System.Text;
using ChatBlock.Storage;

namespace ChatBlock.Api.Limits;

/// <summary>Replays an answer kept by <see cref="IdempotencyFilter"/>: its status, <c>Content-Type</c>, <c>Location</c> and body.</summary>
/// <param name="stored">The first answer.</param>
public sealed class StoredAnswerResult(IdempotencyRecord stored) : IResult
{
    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = stored.Status;
        response.Headers[IdempotencyFilter.ReplayedHeaderName] = "true";
        if (stored.ContentType is { } contentType)
        {
            response.ContentType = contentType;
        }

        if (stored.Location is { } location)
        {
            response.Headers.Location = location;
        }

        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(stored.Body ?? ""), httpContext.RequestAborted);
    }
}
