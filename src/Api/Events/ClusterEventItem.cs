namespace ChatBlock.Api.Events;

/// <summary>One event inside a cluster notification on <see cref="Storage.Clustering.ClusterTopics.Events"/>.</summary>
/// <param name="Type">SSE event name.</param>
/// <param name="Data">The <c>data</c> JSON; null when the event travels as a reference (see <see cref="IsReference"/>).</param>
/// <param name="Cursor">For <c>message.created</c>: the message's position (its time and id).</param>
/// <param name="ConversationId">For <c>message.created</c>: the conversation, where a receiving silo reads a referenced message.</param>
public sealed record ClusterEventItem(string Type, string? Data, EventCursor? Cursor = null, Guid? ConversationId = null)
{
    /// <summary>
    /// Whether this is a message too large for one notification, sent as conversation id and message id only; each receiving
    /// silo with a subscribed recipient reads it from storage.
    /// </summary>
    public bool IsReference => Data is null;
}
