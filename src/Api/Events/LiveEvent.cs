namespace ChatBlock.Api.Events;

/// <summary>One event as a silo delivers it to its local streams.</summary>
/// <param name="Type">SSE event name, see <see cref="EventTypes"/>.</param>
/// <param name="Data">The <c>data</c> JSON, serialized once for every recipient; never logged (it may hold message content).</param>
/// <param name="Cursor">For <c>message.created</c>: the message's position, sent as the SSE <c>id</c>; null for other events.</param>
public sealed record LiveEvent(string Type, string Data, EventCursor? Cursor = null);
