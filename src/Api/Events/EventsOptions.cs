namespace ChatBlock.Api.Events;

/// <summary>Settings of the live event stream <c>GET /api/v1/events</c>, bound from the <c>Events</c> configuration section.</summary>
public sealed class EventsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Events";

    /// <summary>How often an idle stream sends a keep-alive comment, so proxies keep it open. Default 15 seconds.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The reconnection delay the stream asks browsers to use (the SSE <c>retry</c> field). Default 3 seconds.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Events one stream may have queued before it counts as too slow and is disconnected (it then resumes with
    /// <c>Last-Event-ID</c>). Default 256.
    /// </summary>
    public int QueueCapacity { get; set; } = 256;

    /// <summary>
    /// How far before the <c>Last-Event-ID</c> position a resume starts looking for messages, to absorb clock skew between
    /// silos and publication delay. Messages inside the overlap may arrive twice; clients drop duplicates by message id. Default 5 s.
    /// </summary>
    public TimeSpan ReplayOverlap { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most messages one resume replays; beyond it the stream sends <c>resync</c> instead. Default 500.</summary>
    public int ReplayLimit { get; set; } = 500;

    /// <summary>
    /// Live streams one user may have open on this silo; when one more opens, the user's oldest stream here is ended (its client
    /// may reconnect, and then ends the next oldest). Per silo: behind a load balancer N silos allow N times this in the worst
    /// case (SPEC section 11 allows stream limits per silo). <c>0</c> turns it off. Default 10.
    /// </summary>
    public int MaxStreamsPerUser { get; set; } = 10;

    /// <summary>
    /// Live streams this silo holds in all; past it a new stream is refused with <c>503 events.unavailable</c> and
    /// <c>Retry-After</c> (the silo is full, not the caller at fault: a load balancer or client tries again, perhaps elsewhere).
    /// <c>0</c> turns it off. Default 10,000.
    /// </summary>
    public int MaxStreamsPerSilo { get; set; } = 10_000;

    /// <summary>
    /// How long a stream ticket (<c>POST /api/v1/events/tickets</c>) may be used, once (SPEC section 11). Default 60 seconds;
    /// at most 10 minutes.
    /// </summary>
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether the values make sense.</summary>
    internal bool IsValid() =>
        KeepAliveInterval > TimeSpan.Zero && RetryInterval > TimeSpan.Zero && QueueCapacity > 0
        && ReplayOverlap >= TimeSpan.Zero && ReplayLimit > 0 && MaxStreamsPerUser >= 0 && MaxStreamsPerSilo >= 0
        && TicketLifetime > TimeSpan.Zero && TicketLifetime <= TimeSpan.FromMinutes(10);
}
