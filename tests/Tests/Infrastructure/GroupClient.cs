using System.Net;
using System.Net.Http.Json;

namespace ChatBlock.Tests.Infrastructure;

/// <summary>The group routes of SPEC section 10 (create raw, add members, leave) and history with <c>senderBlockedByMe</c>.</summary>
public static class GroupClient
{
    /// <summary><c>POST /conversations/group</c>; the raw answer.</summary>
    public static Task<HttpResponseMessage> TryCreateGroupAsync(this TestUser user, string title, params Guid[] memberIds) =>
        user.Client.PostAsJsonAsync("/api/v1/conversations/group", new { title, memberIds });

    /// <summary><c>POST /conversations/{id}/members</c>; the raw answer.</summary>
    public static Task<HttpResponseMessage> AddMembersAsync(this TestUser user, Guid conversationId, params Guid[] userIds) =>
        user.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/members", new { userIds });

    /// <summary>Adds members, asserting 200; the group after the change.</summary>
    public static async Task<ConversationBody> AddMembersOkAsync(this TestUser user, Guid conversationId, params Guid[] userIds) =>
        await HttpAssert.OkAsync<ConversationBody>(await user.AddMembersAsync(conversationId, userIds));

    /// <summary><c>POST /conversations/{id}/leave</c>; the raw answer.</summary>
    public static Task<HttpResponseMessage> LeaveAsync(this TestUser user, Guid conversationId) =>
        user.Client.PostAsync($"/api/v1/conversations/{conversationId}/leave", null);

    /// <summary>Leaves, asserting 204.</summary>
    public static async Task LeaveOkAsync(this TestUser user, Guid conversationId)
    {
        var response = await user.LeaveAsync(conversationId);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    /// <summary><c>GET /conversations/{id}/messages</c>, newest first, with each message's <c>senderBlockedByMe</c>.</summary>
    public static async Task<List<FlaggedMessageBody>> FlaggedMessagesAsync(this TestUser user, Guid conversationId) =>
        (await HttpAssert.OkAsync<FlaggedMessagePageBody>(
            await user.Client.GetAsync($"/api/v1/conversations/{conversationId}/messages"))).Items;
}
