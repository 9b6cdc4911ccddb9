namespace ChatBlock.Grains;

/// <summary>A message as its viewers see it (SPEC section 4, <c>Message</c>).</summary>
/// <param name="Id">Message id.</param>
/// <param name="ConversationId">Conversation.</param>
/// <param name="SenderId">Author.</param>
/// <param name="Content">1-4000 characters.</param>
/// <param name="MessageType">See <see cref="MessageRules.Types"/>.</param>
/// <param name="CreatedAt">When it was accepted (UTC).</param>
/// <param name="SenderBlockedByViewer">
/// In history read by a viewer (<see cref="IConversationGrain.GetMessagesAsync"/>): whether that viewer blocks the sender, for group
/// messages (SPEC section 10); false for direct messages. Null elsewhere (live events, the answer to a send).
/// </param>
public sealed record ChatMessage(
    Guid Id, Guid ConversationId, Guid SenderId, string Content, string MessageType, DateTimeOffset CreatedAt,
    bool? SenderBlockedByViewer = null);
