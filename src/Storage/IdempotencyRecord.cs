namespace ChatBlock.Storage;

/// <summary>
/// A stored answer to a request made with an <c>Idempotency-Key</c> (SPEC section 11), kept per user and key for 24 hours.
/// </summary>
/// <param name="Status">The HTTP status of the first answer; 0 while the first request has not finished (or never did).</param>
/// <param name="ContentType">The first answer's <c>Content-Type</c>, if any.</param>
/// <param name="Location">The first answer's <c>Location</c>, if any.</param>
/// <param name="Body">The first answer's body as UTF-8 text; null while pending.</param>
/// <param name="CreatedAt">When the first request with this key arrived (UTC).</param>
public sealed record IdempotencyRecord(int Status, string? ContentType, string? Location, string? Body, DateTimeOffset CreatedAt)
{
    /// <summary>Whether the first request has not stored its answer (still running, or it failed without one).</summary>
    public bool IsPending => Status == 0;
}
