using ChatBlock.Grains;

namespace ChatBlock.Api.Conversations;

/// <summary>Maps <see cref="ChatMessage"/> to <see cref="MessageResponse"/>.</summary>
public static class MessageMapping
{
    /// <summary>
    /// The public shape of a message (SPEC section 4 <c>Message</c>); <c>senderBlockedByMe</c> only where the message was read
    /// for a viewer (SPEC section 10), else absent.
    /// </summary>
    public static MessageResponse ToResponse(this ChatMessage m) =>
        new(m.Id, m.ConversationId, m.SenderId, m.Content, m.MessageType, m.CreatedAt, m.SenderBlockedByViewer);
}
