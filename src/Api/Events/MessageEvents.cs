using System.Text.Json;
using ChatBlock.Api.Conversations;
using ChatBlock.Storage;

namespace ChatBlock.Api.Events;

/// <summary>Builds the stream-only events and <c>message.created</c> from a stored message.</summary>
public static class MessageEvents
{
    /// <summary><c>message.created</c> for <paramref name="message"/>: its REST <c>Message</c> JSON, at its time and id.</summary>
    public static LiveEvent Created(MessageRecord message, JsonSerializerOptions json) => new(
        EventTypes.MessageCreated,
        JsonSerializer.Serialize(
            new MessageResponse(
                message.Id, message.ConversationId, message.SenderId, message.Content, message.MessageType, message.CreatedAt),
            json),
        EventCursor.At(message.CreatedAt, message.Id));

    /// <summary><c>resync</c> with <paramref name="reason"/>.</summary>
    public static LiveEvent Resync(string reason, JsonSerializerOptions json) =>
        new(EventTypes.Resync, JsonSerializer.Serialize(new ResyncEvent(reason), json));
}
