namespace ChatBlock.Api.Events;

/// <summary><c>data</c> of <c>block.created</c>.</summary>
/// <param name="UserId">The user the caller now blocks.</param>
/// <param name="ConversationId">The pair's direct conversation.</param>
/// <param name="CreatedAt">When the block was made (UTC).</param>
public sealed record BlockCreatedEvent(Guid UserId, Guid ConversationId, DateTimeOffset CreatedAt);

/// <summary><c>data</c> of <c>block.deleted</c>.</summary>
/// <param name="UserId">The user the caller no longer blocks.</param>
/// <param name="UnblockedAt">When the block was removed (UTC).</param>
public sealed record BlockDeletedEvent(Guid UserId, DateTimeOffset UnblockedAt);

/// <summary><c>data</c> of <c>block.expired</c>.</summary>
/// <param name="UserId">The user the caller no longer blocks.</param>
/// <param name="ExpiredAt">When the block ended: its expiry (UTC).</param>
public sealed record BlockExpiredEvent(Guid UserId, DateTimeOffset ExpiredAt);

/// <summary><c>data</c> of <c>ready</c>.</summary>
/// <param name="Resumed">Whether this stream continued from <c>Last-Event-ID</c> (missed messages were sent before it).</param>
public sealed record ReadyEvent(bool Resumed);

/// <summary><c>data</c> of <c>resync</c>.</summary>
/// <param name="Reason"><c>unknown_position</c> (unreadable <c>Last-Event-ID</c>), <c>too_many</c> or <c>lost</c>.</param>
public sealed record ResyncEvent(string Reason);

/// <summary>The answer of <c>POST /api/v1/events/tickets</c> (SPEC section 11).</summary>
/// <param name="Ticket">Opens one stream: <c>GET /api/v1/events?ticket=...</c>; single use, any silo.</param>
/// <param name="ExpiresAt">When the ticket stops working (UTC, whole seconds): <see cref="EventsOptions.TicketLifetime"/> ahead.</param>
public sealed record EventTicketResponse(string Ticket, DateTimeOffset ExpiresAt);
