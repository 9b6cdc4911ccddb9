namespace ChatBlock.Grains;

/// <summary>
/// What <see cref="IGroupConversationGrain.CreateAsync"/> and <see cref="IGroupConversationGrain.AddMembersAsync"/> return.
/// </summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Conversation">The group after the change, for <see cref="GroupChangeOutcome.Changed"/>.</param>
public sealed record GroupChangeResult(GroupChangeOutcome Outcome, ConversationInfo? Conversation = null);
