using System.Text.Json;
using ChatBlock.Api.Conversations;
using ChatBlock.Grains;

namespace ChatBlock.Api.Events;

/// <summary>One event as this silo hands it to its local streams, its <c>data</c> serialized once for every recipient.</summary>
/// <param name="Type">SSE event name, see <see cref="EventTypes"/>.</param>
/// <param name="Data">The <c>data</c> JSON; never logged (it may hold message content).</param>
/// <param name="Cursor">For <c>message.created</c>: the message's position, sent as the SSE <c>id</c>; null for other events.</param>
public sealed record LiveEvent(string Type, string Data, EventCursor? Cursor = null)
{
    /// <summary><c>message.created</c>: the REST <c>Message</c> JSON of <paramref name="message"/>, at its time and id.</summary>
    public static LiveEvent MessageCreated(ChatMessage message, JsonSerializerOptions json) => new(
        EventTypes.MessageCreated, JsonSerializer.Serialize(message.ToResponse(), json), EventCursor.At(message.CreatedAt, message.Id));

    /// <summary>An event of <paramref name="type"/> without a position, <paramref name="data"/> as its JSON.</summary>
    public static LiveEvent Of<T>(string type, T data, JsonSerializerOptions json) => new(type, JsonSerializer.Serialize(data, json));
}
