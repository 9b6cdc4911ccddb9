using System.Text.Json.Serialization;
using ChatBlock.Api.Users;

namespace ChatBlock.Api.Conversations;

/// <summary>Body of <c>POST /conversations/direct</c>.</summary>
/// <param name="UserId">The other user's id (UUID).</param>
public sealed record CreateDirectRequest(string? UserId);

/// <summary>Body of <c>POST /conversations/group</c>.</summary>
/// <param name="Title">1-100 characters.</param>
/// <param name="MemberIds">
/// At least one other user (UUIDs); the caller is added; duplicates are ignored. With the caller, at most
/// <c>Conversations:MaxGroupSize</c> (default 256).
/// </param>
public sealed record CreateGroupRequest(string? Title, IReadOnlyList<string?>? MemberIds);

/// <summary>Body of <c>POST /conversations/{id}/members</c> (SPEC section 10).</summary>
/// <param name="UserIds">1 to 255 users (UUIDs) to add; members already in the group are ignored.</param>
public sealed record AddMembersRequest(IReadOnlyList<string?>? UserIds);

/// <summary>Body of <c>POST /conversations/{id}/messages</c>.</summary>
/// <param name="Content">1-4000 characters, not only whitespace.</param>
/// <param name="MessageType"><c>text</c> (default), <c>image</c>, <c>video</c>, <c>audio</c> or <c>file</c>.</param>
public sealed record SendMessageRequest(string? Content, string? MessageType);

/// <summary><c>Conversation</c> of SPEC section 4.</summary>
/// <param name="Id">Conversation id.</param>
/// <param name="Kind"><c>direct</c> or <c>group</c>.</param>
/// <param name="Title">Group title; null for direct conversations.</param>
/// <param name="Participants">Participants as the caller may see them.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
/// <param name="BlockedByMe">
/// Direct only: whether the caller blocks the other participant ("You blocked this contact"); null for groups.
/// </param>
public sealed record ConversationResponse(
    Guid Id, string Kind, string? Title, IReadOnlyList<UserProfileResponse> Participants, DateTimeOffset CreatedAt, bool? BlockedByMe);

/// <summary>Answer of <c>GET /conversations?limit=&amp;cursor=</c>.</summary>
/// <param name="Items">
/// The caller's conversations, most recent activity first: every group, and a direct conversation once it has a message the caller
/// may see or the caller opened it (<c>POST /conversations/direct</c>).
/// </param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record ConversationListResponse(IReadOnlyList<ConversationResponse> Items, string? NextCursor);

/// <summary><c>Message</c> of SPEC section 4.</summary>
/// <param name="Id">Message id.</param>
/// <param name="ConversationId">Conversation.</param>
/// <param name="SenderId">Author.</param>
/// <param name="Content">Text or, for media types, a URL or caption.</param>
/// <param name="MessageType">Message type.</param>
/// <param name="CreatedAt">When it was accepted (UTC).</param>
/// <param name="SenderBlockedByMe">
/// Whether the caller blocks the sender (SPEC section 10): computed for group messages in history
/// (<c>GET /conversations/{id}/messages</c>); always false there for direct messages. Absent from the answer to a send (the
/// caller's own message) and from live <c>message.created</c> events, which are the same for every member: a client decides
/// from its own block list there.
/// </param>
public sealed record MessageResponse(
    Guid Id, Guid ConversationId, Guid SenderId, string Content, string MessageType, DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? SenderBlockedByMe = null);

/// <summary>Answer of <c>GET /conversations/{id}/messages</c>.</summary>
/// <param name="Items">Newest first.</param>
/// <param name="NextCursor">Pass as <c>before</c> for older messages; null when there are none.</param>
public sealed record MessagePageResponse(IReadOnlyList<MessageResponse> Items, string? NextCursor);
