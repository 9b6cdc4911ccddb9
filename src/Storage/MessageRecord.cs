namespace ChatBlock.Storage;

/// <summary>A stored message. Content is never logged.</summary>
/// <param name="Id">Message id.</param>
/// <param name="ConversationId">Conversation it belongs to.</param>
/// <param name="SenderId">Author.</param>
/// <param name="Content">1-4000 characters.</param>
/// <param name="MessageType">One of <c>text</c>, <c>image</c>, <c>video</c>, <c>audio</c>, <c>file</c>.</param>
/// <param name="CreatedAt">When it was accepted (UTC).</param>
/// <param name="SenderOnly">
/// Stored under the <c>Shadow</c> disclosure policy while the recipient blocks the sender: shown to the sender alone, never to
/// anyone else, also not after an unblock (SPEC section 5).
/// </param>
public sealed record MessageRecord(
    Guid Id, Guid ConversationId, Guid SenderId, string Content, string MessageType, DateTimeOffset CreatedAt, bool SenderOnly = false);
