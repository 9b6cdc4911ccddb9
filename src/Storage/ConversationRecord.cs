namespace ChatBlock.Storage;

/// <summary>A stored conversation.</summary>
/// <param name="Id">Conversation id.</param>
/// <param name="Kind">Direct (exactly two participants, one per pair) or group.</param>
/// <param name="Title">Group title; null for direct conversations.</param>
/// <param name="ParticipantIds">Participants in the order they were added.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
public sealed record ConversationRecord(
    Guid Id, ConversationKind Kind, string? Title, IReadOnlyList<Guid> ParticipantIds, DateTimeOffset CreatedAt);

/// <summary>Kind of a conversation.</summary>
public enum ConversationKind
{
    /// <summary>A 1:1 conversation; the block gate applies (SPEC section 5).</summary>
    Direct,

    /// <summary>A group conversation; never checked against blocks.</summary>
    Group,
}
