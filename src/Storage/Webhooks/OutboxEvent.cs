namespace ChatBlock.Storage.Webhooks;

/// <summary>One claimed outbox row: a webhook event waiting to be delivered (SPEC section 8).</summary>
/// <param name="Sequence">The row's position in the outbox (increasing in the order the changes were written).</param>
/// <param name="EventId">The event's id: the payload's <c>id</c> and the <c>X-ChatBlock-Delivery</c> header, the same on every try.</param>
/// <param name="AppId">The app whose webhook receives it.</param>
/// <param name="Type">The event's <c>type</c> (<see cref="WebhookEventTypes"/>).</param>
/// <param name="Data">The event's <c>data</c>, a JSON object (external ids and times, never message contents).</param>
/// <param name="CreatedAt">When the change happened (UTC).</param>
/// <param name="Attempts">How many deliveries failed so far.</param>
public sealed record OutboxEvent(
    long Sequence, Guid EventId, string AppId, string Type, string Data, DateTimeOffset CreatedAt, int Attempts);
