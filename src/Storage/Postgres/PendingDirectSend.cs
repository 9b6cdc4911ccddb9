using System.Diagnostics;

namespace ChatBlock.Storage.Postgres;

/// <summary>
/// One direct message waiting in <see cref="PostgresSendBatcher"/>'s queue: what <see cref="IChatStore.AppendDirectMessageAsync"/>
/// was given, and where its outcome goes once the batch that carried it has committed (or failed).
/// </summary>
/// <param name="message">The message to store.</param>
/// <param name="recipientId">The other participant, whose block of the sender is re-checked.</param>
/// <param name="senderOnlyWhenRecipientBlocks">Store it visible to the sender alone when the recipient blocks them (shadow).</param>
internal sealed class PendingDirectSend(MessageRecord message, Guid recipientId, bool senderOnlyWhenRecipientBlocks)
{
    /// <summary>The message to store.</summary>
    public MessageRecord Message => message;

    /// <summary>The other participant.</summary>
    public Guid RecipientId => recipientId;

    /// <summary>Whether a block by the recipient stores it for the sender alone instead of refusing it.</summary>
    public bool SenderOnlyWhenRecipientBlocks => senderOnlyWhenRecipientBlocks;

    /// <summary>
    /// The caller's span when it queued this send (the store's <c>postgresql AppendDirectMessageAsync</c>, or null): the parent of
    /// the database's spans of the batch this send leads, so a lone send still reads send → store → Npgsql command.
    /// </summary>
    public Activity? Caller { get; } = Activity.Current;

    /// <summary>
    /// Completed with the outcome after the transaction that decided it has committed, with the fault of a send that failed, or
    /// cancelled by the caller while it waits. Continuations run asynchronously, never on the batch's loop.
    /// </summary>
    public TaskCompletionSource<DirectSendOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many messages shared the committed transaction that decided this one (1 when it ran alone); set before
    /// <see cref="Completion"/> completes.</summary>
    public int BatchSize { get; set; } = 1;
}
