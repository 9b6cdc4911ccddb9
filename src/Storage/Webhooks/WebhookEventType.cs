namespace ChatBlock.Storage.Webhooks;

/// <summary>A kind of webhook event (see <see cref="WebhookEventTypes"/>).</summary>
/// <param name="Name">The event's <c>type</c>, e.g. <c>block.created</c>.</param>
/// <param name="TimeField">The name of the event's time in its <c>data</c>, e.g. <c>blockedAt</c>.</param>
public sealed record WebhookEventType(string Name, string TimeField);
