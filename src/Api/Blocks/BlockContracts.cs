using ChatBlock.Api.Users;

namespace ChatBlock.Api.Blocks;

/// <summary>Answer of a block (<c>201</c>).</summary>
/// <param name="Blocker">The caller.</param>
/// <param name="Blockee">The blocked user.</param>
/// <param name="ConversationId">The pair's direct conversation, created if it did not exist.</param>
/// <param name="CreatedAt">When the block was made (UTC).</param>
public sealed record BlockResponse(UserProfileResponse Blocker, UserProfileResponse Blockee, Guid ConversationId, DateTimeOffset CreatedAt);

/// <summary>Answer of an unblock (<c>200</c>).</summary>
/// <param name="Blocker">The caller.</param>
/// <param name="Blockee">The user no longer blocked.</param>
/// <param name="UnblockedAt">When the block was removed (UTC).</param>
public sealed record UnblockResponse(UserProfileResponse Blocker, UserProfileResponse Blockee, DateTimeOffset UnblockedAt);

/// <summary>One entry of the caller's block list.</summary>
/// <param name="User">The blocked user.</param>
/// <param name="CreatedAt">When they were blocked (UTC).</param>
public sealed record BlockListItem(UserProfileResponse User, DateTimeOffset CreatedAt);

/// <summary>Answer of <c>GET /users/me/blocks</c>.</summary>
/// <param name="Items">Newest block first.</param>
/// <param name="NextCursor">Opaque; pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record BlockListResponse(IReadOnlyList<BlockListItem> Items, string? NextCursor);

/// <summary>Answer of <c>DELETE /users/me/blocks</c>.</summary>
/// <param name="Unblocked">How many users were unblocked.</param>
public sealed record UnblockAllResponse(int Unblocked);
