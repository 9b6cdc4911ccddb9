namespace ChatBlock.Grains;

/// <summary>Outcome of <see cref="IConversationGrain.SendAsync"/> (SPEC section 5).</summary>
public enum SendOutcome
{
    /// <summary>Stored and delivered (<c>201</c>).</summary>
    Sent,

    /// <summary><c>Shadow</c> policy and the recipient blocks the sender: stored for the sender alone; answered as <c>201</c>.</summary>
    SentToSenderOnly,

    /// <summary>The sender blocks the recipient (<c>403 message.recipient_blocked</c>, every policy).</summary>
    RecipientBlocked,

    /// <summary><c>Explicit</c> policy and the recipient blocks the sender (<c>403 message.blocked_by_recipient</c>).</summary>
    BlockedByRecipient,

    /// <summary><c>Discreet</c> policy and the recipient blocks the sender (<c>403 message.not_delivered</c>).</summary>
    NotDelivered,

    /// <summary>No such conversation, or the sender is not a participant (<c>404 conversation.not_found</c>).</summary>
    ConversationNotFound,
}
