using ChatBlock.Grains;

namespace ChatBlock.Api.Dialects;

/// <summary>A conversation looked up for a dialect, which (unlike section 4) may tell "no such chat" from "not yours".</summary>
/// <param name="Exists">Whether a conversation with that id exists at all.</param>
/// <param name="Conversation">The conversation when the caller takes part in it; otherwise null.</param>
public sealed record DialectChat(bool Exists, ConversationInfo? Conversation)
{
    /// <summary>The participant other than <paramref name="viewerId"/> of a direct conversation; null for a group or no access.</summary>
    public Guid? OtherParticipant(Guid viewerId) =>
        Conversation is { IsDirect: true } direct ? direct.ParticipantIds.First(p => p != viewerId) : null;
}
