namespace ChatBlock.Api.Events;

/// <summary>The SSE <c>event</c> names of <c>GET /api/v1/events</c>.</summary>
public static class EventTypes
{
    /// <summary>A message the user may see was stored; <c>data</c> is the <c>Message</c> JSON of the REST API.</summary>
    public const string MessageCreated = "message.created";

    /// <summary>The user blocked someone (sent to the blocker's streams only); <c>data</c> is a <see cref="BlockCreatedEvent"/>.</summary>
    public const string BlockCreated = "block.created";

    /// <summary>The user unblocked someone (one per user on unblock-all); <c>data</c> is a <see cref="BlockDeletedEvent"/>.</summary>
    public const string BlockDeleted = "block.deleted";

    /// <summary>
    /// The user imported a block list that changed it (one event per import, to the importer's streams only); <c>data</c> is a
    /// <see cref="BlocksReplacedEvent"/>.
    /// </summary>
    public const string BlocksReplaced = "blocks.replaced";

    /// <summary>The stream is live: anything from now on arrives on it; <c>data</c> is a <see cref="ReadyEvent"/>.</summary>
    public const string Ready = "ready";

    /// <summary>Events were missed and cannot be replayed: reload state over REST; <c>data</c> is a <see cref="ResyncEvent"/>.</summary>
    public const string Resync = "resync";
}
