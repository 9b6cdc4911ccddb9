namespace ChatBlock.Api.Events;

/// <summary>A decoded cluster notification: events for a set of users.</summary>
/// <param name="Recipients">Users whose streams receive every event of the batch.</param>
/// <param name="Events">Events in the order they happened.</param>
public sealed record ClusterEventBatch(IReadOnlyList<Guid> Recipients, IReadOnlyList<ClusterEventItem> Events);
