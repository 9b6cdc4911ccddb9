namespace ChatBlock.Storage;

/// <summary>
/// Position in a user's conversation list (most recent activity first, then the larger id first): the conversations strictly
/// after it are those less recently active, or as recently active with a smaller id.
/// </summary>
/// <param name="ActivityAt">Activity time of the last conversation of the previous page (UTC, microseconds).</param>
/// <param name="ConversationId">That conversation's id.</param>
public sealed record ConversationCursor(DateTimeOffset ActivityAt, Guid ConversationId);
