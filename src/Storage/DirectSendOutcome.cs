namespace ChatBlock.Storage;

/// <summary>What the exact, transactional re-check of <see cref="IChatStore.AppendDirectMessageAsync"/> decided.</summary>
public enum DirectSendOutcome
{
    /// <summary>Neither side blocks the other: stored and visible to both.</summary>
    Stored,

    /// <summary>The recipient blocks the sender and the caller asked for a shadowed store: stored visible to the sender alone.</summary>
    StoredSenderOnly,

    /// <summary>Refused and not stored: the sender blocks the recipient.</summary>
    SenderBlocksRecipient,

    /// <summary>Refused and not stored: the recipient blocks the sender.</summary>
    RecipientBlocksSender,
}
