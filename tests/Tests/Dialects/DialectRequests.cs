using System.Net.Http.Json;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Dialects;

/// <summary>The dialects' requests as their seeds document them, sent as a registered user.</summary>
public static class DialectRequests
{
    /// <summary>Seed 003: <c>POST /api/chats/{chatId}/block</c> (no body).</summary>
    public static Task<HttpResponseMessage> ChatBlockAsync(this TestUser user, Guid chatId) =>
        user.Client.PostAsync($"/api/chats/{chatId}/block", null);

    /// <summary>Seed 003: <c>POST /api/chats/{chatId}/unblock</c> (no body).</summary>
    public static Task<HttpResponseMessage> ChatUnblockAsync(this TestUser user, Guid chatId) =>
        user.Client.PostAsync($"/api/chats/{chatId}/unblock", null);

    /// <summary>Seed 003: <c>POST /api/chats/{chatId}/messages</c> <c>{content, messageType: "text"}</c>.</summary>
    public static Task<HttpResponseMessage> ChatSendAsync(this TestUser user, Guid chatId, string content) =>
        user.Client.PostAsJsonAsync($"/api/chats/{chatId}/messages", new { content, messageType = "text" });

    /// <summary>Seed 000: <c>POST /api/users/{id}/block</c>.</summary>
    public static Task<HttpResponseMessage> UsersBlockAsync(this TestUser user, Guid id) =>
        user.Client.PostAsync($"/api/users/{id}/block", null);

    /// <summary>Seed 000: <c>DELETE /api/users/{id}/block</c>.</summary>
    public static Task<HttpResponseMessage> UsersUnblockAsync(this TestUser user, Guid id) =>
        user.Client.DeleteAsync($"/api/users/{id}/block");

    /// <summary>Seed 000: <c>POST /api/messages/{conversationId}</c> <c>{content}</c>.</summary>
    public static Task<HttpResponseMessage> MessagesSendAsync(this TestUser user, Guid conversationId, string content) =>
        user.Client.PostAsJsonAsync($"/api/messages/{conversationId}", new { content });

    /// <summary>Seed 002: <c>POST /api/v1/users/block/{userId}</c>.</summary>
    public static Task<HttpResponseMessage> BlockUserAsync(this TestUser user, Guid userId) =>
        user.Client.PostAsync($"/api/v1/users/block/{userId}", null);
}
