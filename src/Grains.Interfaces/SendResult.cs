namespace ChatBlock.Grains;

/// <summary>What <see cref="IConversationGrain.SendAsync"/> returns.</summary>
/// <param name="Outcome">What happened; a refused message is not stored.</param>
/// <param name="Message">The stored message for <see cref="SendOutcome.Sent"/> and <see cref="SendOutcome.SentToSenderOnly"/>.</param>
public sealed record SendResult(SendOutcome Outcome, ChatMessage? Message = null);
