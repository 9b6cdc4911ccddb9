namespace ChatBlock.Api.Events;

/// <summary>One event inside a cluster notification on <see cref="Storage.Clustering.ClusterTopics.Events"/>.</summary>
/// <param name="Type">SSE event name.</param>
/// <param name="Data">The <c>data</c> JSON; null when the event travels as a reference (see <see cref="IsReference"/>).</param>
/// <param name="Cursor">For <c>message.created</c>: the message's position (its time and id).</param>
public sealed record ClusterEventItem(string Type, string? Data, EventCursor? Cursor = null)
{
    /// <summary>
    /// Whether this is a message too large for one notification, sent as its position only; each receiving silo with a stream of
    /// one of its recipients reads it from storage (<see cref="Storage.IChatStore.GetMessageAsync"/>).
    /// </summary>
    public bool IsReference => Data is null;
}
