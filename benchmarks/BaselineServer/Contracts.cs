namespace ChatBlock.Benchmarks.BaselineServer;

/// <summary>Body of a send, as the service takes it.</summary>
/// <param name="Content">1-4000 characters.</param>
/// <param name="MessageType">Defaults to <c>text</c>.</param>
public sealed record SendMessageRequest(string? Content, string? MessageType);

/// <summary>A stored message, in the service's JSON shape.</summary>
/// <param name="Id">Message id.</param>
/// <param name="ConversationId">Conversation.</param>
/// <param name="SenderId">Author.</param>
/// <param name="Content">Text.</param>
/// <param name="MessageType">Type.</param>
/// <param name="CreatedAt">When it was stored (UTC).</param>
public sealed record MessageResponse(
    Guid Id, Guid ConversationId, Guid SenderId, string Content, string MessageType, DateTimeOffset CreatedAt);
