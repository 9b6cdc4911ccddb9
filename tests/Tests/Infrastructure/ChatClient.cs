using System.Net;
using System.Net.Http.Json;

namespace ChatBlock.Tests.Infrastructure;

/// <summary>Short forms of the calls most tests make, each asserting its success status.</summary>
public static class ChatClient
{
    public static async Task<ConversationBody> OpenDirectAsync(this TestUser user, Guid otherId)
    {
        var response = await user.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = otherId });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ConversationBody>())!;
    }

    public static Task<HttpResponseMessage> SendAsync(
        this TestUser user, Guid conversationId, string content = "hello", string? messageType = null) =>
        user.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { content, messageType });

    public static async Task<MessageBody> SendOkAsync(this TestUser user, Guid conversationId, string content = "hello") =>
        await HttpAssert.OkAsync<MessageBody>(await user.SendAsync(conversationId, content), HttpStatusCode.Created);

    public static Task<HttpResponseMessage> BlockAsync(this TestUser user, Guid otherId) =>
        user.Client.PostAsync($"/api/v1/users/{otherId}/block", null);

    public static async Task<BlockBody> BlockOkAsync(this TestUser user, Guid otherId) =>
        await HttpAssert.OkAsync<BlockBody>(await user.BlockAsync(otherId), HttpStatusCode.Created);

    public static Task<HttpResponseMessage> UnblockAsync(this TestUser user, Guid otherId) =>
        user.Client.DeleteAsync($"/api/v1/users/{otherId}/block");

    public static async Task<MessagePageBody> MessagesAsync(this TestUser user, Guid conversationId, string query = "") =>
        await HttpAssert.OkAsync<MessagePageBody>(await user.Client.GetAsync($"/api/v1/conversations/{conversationId}/messages{query}"));
}
