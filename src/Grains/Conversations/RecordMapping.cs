using ChatBlock.Storage;

namespace ChatBlock.Grains.Conversations;

/// <summary>
/// The one mapping from each stored record to the shape grains return (STYLE: one mapping extension per type, used everywhere).
/// </summary>
public static class RecordMapping
{
    /// <summary>The public shape of a stored message (SPEC section 4, <c>Message</c>); <c>SenderOnly</c> stays inside.</summary>
    public static ChatMessage ToMessage(this MessageRecord m) =>
        new(m.Id, m.ConversationId, m.SenderId, m.Content, m.MessageType, m.CreatedAt);

    /// <summary>A conversation's identity and members.</summary>
    public static ConversationInfo ToInfo(this ConversationRecord r) =>
        new(r.Id, r.Kind == ConversationKind.Direct, r.Title, r.ParticipantIds, r.CreatedAt);
}
