using ChatBlock.Grains;

namespace ChatBlock.Api.Conversations;

/// <summary>The one mapping from a grain's <see cref="ChatMessage"/> to the API's <see cref="MessageResponse"/>.</summary>
public static class MessageMapping
{
    /// <summary>
    /// The <c>Message</c> JSON of SPEC section 4, the same in the send answer, the history and the <c>message.created</c> event.
    /// </summary>
    public static MessageResponse ToResponse(this ChatMessage m) =>
        new(m.Id, m.ConversationId, m.SenderId, m.Content, m.MessageType, m.CreatedAt);
}
