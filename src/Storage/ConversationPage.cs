namespace ChatBlock.Storage;

/// <summary>One page of a user's conversation list (<see cref="IChatStore.GetConversationsOfUserAsync"/>).</summary>
/// <param name="Items">At most the requested number of conversations, most recent activity first.</param>
/// <param name="Next">Where the next page starts; null on the last page.</param>
public sealed record ConversationPage(IReadOnlyList<ConversationRecord> Items, ConversationCursor? Next);
