namespace ChatBlock.Grains;

/// <summary>A conversation's identity and members.</summary>
/// <param name="Id">Conversation id.</param>
/// <param name="IsDirect">Direct (1:1, block-gated) or group.</param>
/// <param name="Title">Group title; null for direct conversations.</param>
/// <param name="ParticipantIds">Participants in the order they were added.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
public sealed record ConversationInfo(Guid Id, bool IsDirect, string? Title, IReadOnlyList<Guid> ParticipantIds, DateTimeOffset CreatedAt);
