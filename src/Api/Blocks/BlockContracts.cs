using System.Text.Json.Serialization;
using ChatBlock.Api.Users;

namespace ChatBlock.Api.Blocks;

/// <summary>Answer of a block (<c>201</c>).</summary>
/// <param name="Blocker">The caller.</param>
/// <param name="Blockee">The blocked user.</param>
/// <param name="ConversationId">The pair's direct conversation, created if it did not exist.</param>
/// <param name="CreatedAt">When the block was made (UTC).</param>
/// <param name="ExpiresAt">When the block ends by itself (UTC); null when permanent (SPEC section 10).</param>
/// <param name="Note">The caller's private note on the block, or null.</param>
public sealed record BlockResponse(
    UserProfileResponse Blocker, UserProfileResponse Blockee, Guid ConversationId, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt = null, string? Note = null)
{
    /// <summary>The report made with the block (SPEC section 10, report and block); absent without one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? ReportId { get; init; }
}

/// <summary>Answer of an unblock (<c>200</c>).</summary>
/// <param name="Blocker">The caller.</param>
/// <param name="Blockee">The user no longer blocked.</param>
/// <param name="UnblockedAt">When the block was removed (UTC).</param>
public sealed record UnblockResponse(UserProfileResponse Blocker, UserProfileResponse Blockee, DateTimeOffset UnblockedAt);

/// <summary>One entry of the caller's block list, and the answer of <c>PATCH /users/{userId}/block</c>.</summary>
/// <param name="User">The blocked user.</param>
/// <param name="CreatedAt">When they were blocked (UTC).</param>
/// <param name="ExpiresAt">When the block ends by itself (UTC); null when permanent (SPEC section 10).</param>
/// <param name="Note">The caller's private note on the block, or null; shown to the blocker alone.</param>
public sealed record BlockListItem(UserProfileResponse User, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string? Note);

/// <summary>Answer of <c>GET /users/me/blocks</c>.</summary>
/// <param name="Items">Newest block first.</param>
/// <param name="NextCursor">Opaque; pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record BlockListResponse(IReadOnlyList<BlockListItem> Items, string? NextCursor);

/// <summary>Answer of <c>DELETE /users/me/blocks</c>.</summary>
/// <param name="Unblocked">How many users were unblocked.</param>
public sealed record UnblockAllResponse(int Unblocked);
