using ChatBlock.Api.Conversations;

namespace ChatBlock.Api.Dialects;

/// <summary>Seed 003's answers with data: <c>{"success", "message", "data"}</c>.</summary>
/// <typeparam name="T">The shape of <paramref name="Data"/>.</typeparam>
/// <param name="Success">Always true.</param>
/// <param name="Message">The seed's wording, e.g. <c>User blocked successfully</c>.</param>
/// <param name="Data">What was done.</param>
public sealed record Seed003Answer<T>(bool Success, string Message, T Data);

/// <summary>Seed 003's refusals: <c>{"success": false, "message"}</c>.</summary>
/// <param name="Success">Always false.</param>
/// <param name="Message">The seed's wording, e.g. <c>Chat not found</c>.</param>
public sealed record Seed003Failure(bool Success, string Message);

/// <summary><c>data</c> of a block in a chat.</summary>
/// <param name="ChatId">The chat (direct conversation).</param>
/// <param name="BlockedUser">The other participant, now blocked.</param>
/// <param name="BlockedAt">When, as <c>2024-01-15T10:30:00.000Z</c>.</param>
public sealed record Seed003BlockData(Guid ChatId, Guid BlockedUser, string BlockedAt);

/// <summary><c>data</c> of an unblock in a chat.</summary>
/// <param name="ChatId">The chat (direct conversation).</param>
/// <param name="UnblockedUser">The other participant, no longer blocked.</param>
/// <param name="UnblockedAt">When, as <c>2024-01-15T10:35:00.000Z</c>.</param>
public sealed record Seed003UnblockData(Guid ChatId, Guid UnblockedUser, string UnblockedAt);

/// <summary>Body of <c>POST /api/chats/{id}/messages</c>.</summary>
/// <param name="Content">1-4000 characters.</param>
/// <param name="MessageType"><c>text</c> (default), <c>image</c>, <c>video</c>, <c>audio</c> or <c>file</c>.</param>
public sealed record Seed003SendRequest(string? Content, string? MessageType);

/// <summary>An accepted send: <c>data</c> is the section 4 <c>Message</c>.</summary>
/// <param name="Success">Always true.</param>
/// <param name="Message"><c>Message sent successfully</c>.</param>
/// <param name="Data">The stored message.</param>
public sealed record Seed003Sent(bool Success, string Message, MessageResponse Data);
