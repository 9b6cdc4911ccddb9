namespace ChatBlock.Storage.Clustering;

/// <summary>A notification every silo sharing the database receives.</summary>
/// <param name="Topic">What changed; see <see cref="ClusterTopics"/>.</param>
/// <param name="Payload">Topic-specific text, at most 7,000 bytes (PostgreSQL's NOTIFY limit is 8,000).</param>
/// <param name="OriginSiloId">The silo that published it.</param>
/// <param name="SentAt">
/// When the publishing silo sent it, by its UTC clock; null when unknown (a silo of an older version). For the invalidation lag
/// metric (issue 14): the time from a change's notification to another silo applying it.
/// </param>
public sealed record ClusterMessage(string Topic, string Payload, string OriginSiloId, DateTimeOffset? SentAt = null);
