namespace ChatBlock.Storage;

/// <summary>What a checked group change of <see cref="IChatStore"/> decided, in the transaction that stored it.</summary>
/// <param name="Conversation">
/// The group after the change (its participants in the order they were added); null when nothing was stored: the change was
/// refused (<paramref name="Blockers"/> is not empty), or, for an add, the group does not exist or the adder is not a member.
/// </param>
/// <param name="Blockers">
/// The requested members who block the user making the change, as the database had them in that transaction: refused
/// (<see cref="GroupBlockCheck.Refuse"/>) or left out (<see cref="GroupBlockCheck.Skip"/>); empty under
/// <see cref="GroupBlockCheck.None"/>.
/// </param>
public sealed record GroupChange(ConversationRecord? Conversation, IReadOnlyList<Guid> Blockers);
