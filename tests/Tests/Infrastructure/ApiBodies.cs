namespace ChatBlock.Tests.Infrastructure;

/// <summary>The parts of an auth answer the tests use.</summary>
public sealed record AuthBody(ProfileBody User, string AccessToken, DateTimeOffset ExpiresAt);

/// <summary>A <c>UserProfile</c> as JSON.</summary>
public sealed record ProfileBody(
    Guid Id, string Username, string DisplayName, string? AvatarUrl, DateTimeOffset? LastSeenAt, bool? ShowLastSeen = null);

public sealed record ConversationBody(
    Guid Id, string Kind, string? Title, List<ProfileBody> Participants, DateTimeOffset CreatedAt, bool? BlockedByMe);

public sealed record ConversationListBody(List<ConversationBody> Items, string? NextCursor = null);

public sealed record MessageBody(Guid Id, Guid ConversationId, Guid SenderId, string Content, string MessageType, DateTimeOffset CreatedAt);

public sealed record MessagePageBody(List<MessageBody> Items, string? NextCursor);

public sealed record BlockBody(
    ProfileBody Blocker, ProfileBody Blockee, Guid ConversationId, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt = null,
    string? Note = null, Guid? ReportId = null);

public sealed record UnblockBody(ProfileBody Blocker, ProfileBody Blockee, DateTimeOffset UnblockedAt);

public sealed record UnblockAllBody(int Unblocked);

public sealed record BlockListItemBody(ProfileBody User, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt = null, string? Note = null);

public sealed record BlockListBody(List<BlockListItemBody> Items, string? NextCursor);

public sealed record RelationshipBody(Guid UserId, bool BlockedByMe, bool? BlockedMe, bool? CanMessage, DateTimeOffset? ExpiresAt = null);

public sealed record SearchBody(List<ProfileBody> Items);
