using System.Net;
using System.Net.Http.Json;

namespace ChatBlock.Tests.Infrastructure;

/// <summary>
/// The typed API client every suite uses: one method per route of SPEC section 4. A method named after its action
/// (<see cref="BlockAsync"/>) answers the raw response, for tests that assert a status or a problem; one ending in <c>Ok</c>
/// (<see cref="BlockOkAsync"/>), and every read, asserts success and answers the typed body. Calls as a user are extensions of
/// <see cref="TestUser"/>; the anonymous ones (register, login) of any <see cref="HttpClient"/> of the app.
/// </summary>
public static class ChatClient
{
    /// <summary><c>POST /auth/register</c> without a token; the raw answer.</summary>
    public static Task<HttpResponseMessage> RegisterAsync(
        this HttpClient client, string? username, string? password, string? displayName = null, string? avatarUrl = null) =>
        client.PostAsJsonAsync("/api/v1/auth/register", new { username, password, displayName, avatarUrl });

    /// <summary><c>POST /auth/login</c> without a token; the raw answer.</summary>
    public static Task<HttpResponseMessage> LoginAsync(this HttpClient client, string? username, string? password) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { username, password });

    /// <summary><c>GET /users/me</c>.</summary>
    public static async Task<ProfileBody> MeAsync(this TestUser user) =>
        await HttpAssert.OkAsync<ProfileBody>(await user.Client.GetAsync("/api/v1/users/me"));

    /// <summary><c>GET /users/{id}</c>: the profile as <paramref name="user"/> sees it.</summary>
    public static async Task<ProfileBody> ProfileAsync(this TestUser user, Guid userId) =>
        await HttpAssert.OkAsync<ProfileBody>(await user.Client.GetAsync($"/api/v1/users/{userId}"));

    /// <summary><c>GET /users?query=</c>.</summary>
    public static async Task<SearchBody> SearchAsync(this TestUser user, string query) =>
        await HttpAssert.OkAsync<SearchBody>(await user.Client.GetAsync($"/api/v1/users?query={Uri.EscapeDataString(query)}"));

    /// <summary><c>GET /users/{id}/relationship</c>.</summary>
    public static async Task<RelationshipBody> RelationshipAsync(this TestUser user, Guid userId) =>
        await HttpAssert.OkAsync<RelationshipBody>(await user.Client.GetAsync($"/api/v1/users/{userId}/relationship"));

    /// <summary><c>POST /conversations/direct</c>: created (201) or the existing one (200).</summary>
    public static async Task<ConversationBody> OpenDirectAsync(this TestUser user, Guid otherId)
    {
        var response = await user.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = otherId });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ConversationBody>())!;
    }

    /// <summary><c>POST /conversations/group</c>, asserting 201.</summary>
    public static async Task<ConversationBody> CreateGroupAsync(this TestUser user, string title, params Guid[] memberIds) =>
        await HttpAssert.OkAsync<ConversationBody>(
            await user.Client.PostAsJsonAsync("/api/v1/conversations/group", new { title, memberIds }), HttpStatusCode.Created);

    /// <summary><c>GET /conversations/{id}</c>.</summary>
    public static async Task<ConversationBody> ConversationAsync(this TestUser user, Guid conversationId) =>
        await HttpAssert.OkAsync<ConversationBody>(await user.Client.GetAsync($"/api/v1/conversations/{conversationId}"));

    /// <summary><c>GET /conversations</c>, newest activity first.</summary>
    public static async Task<ConversationListBody> ConversationsAsync(this TestUser user) =>
        await HttpAssert.OkAsync<ConversationListBody>(await user.Client.GetAsync("/api/v1/conversations"));

    /// <summary><c>POST /conversations/{id}/messages</c>; the raw answer.</summary>
    public static Task<HttpResponseMessage> SendAsync(
        this TestUser user, Guid conversationId, string content = "hello", string? messageType = null) =>
        user.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { content, messageType });

    /// <summary>Sends a message that must be accepted (201); the stored message.</summary>
    public static async Task<MessageBody> SendOkAsync(this TestUser user, Guid conversationId, string content = "hello") =>
        await HttpAssert.OkAsync<MessageBody>(await user.SendAsync(conversationId, content), HttpStatusCode.Created);

    /// <summary><c>GET /conversations/{id}/messages</c> with an optional query (<c>?limit=2&amp;before=...</c>).</summary>
    public static async Task<MessagePageBody> MessagesAsync(this TestUser user, Guid conversationId, string query = "") =>
        await HttpAssert.OkAsync<MessagePageBody>(await user.Client.GetAsync($"/api/v1/conversations/{conversationId}/messages{query}"));

    /// <summary><c>POST /users/{id}/block</c>; the raw answer.</summary>
    public static Task<HttpResponseMessage> BlockAsync(this TestUser user, Guid otherId) =>
        user.Client.PostAsync($"/api/v1/users/{otherId}/block", null);

    /// <summary>Blocks <paramref name="otherId"/>, asserting 201.</summary>
    public static async Task<BlockBody> BlockOkAsync(this TestUser user, Guid otherId) =>
        await HttpAssert.OkAsync<BlockBody>(await user.BlockAsync(otherId), HttpStatusCode.Created);

    /// <summary><c>DELETE /users/{id}/block</c>; the raw answer.</summary>
    public static Task<HttpResponseMessage> UnblockAsync(this TestUser user, Guid otherId) =>
        user.Client.DeleteAsync($"/api/v1/users/{otherId}/block");

    /// <summary>Unblocks <paramref name="otherId"/>, asserting 200.</summary>
    public static async Task<UnblockBody> UnblockOkAsync(this TestUser user, Guid otherId) =>
        await HttpAssert.OkAsync<UnblockBody>(await user.UnblockAsync(otherId));

    /// <summary><c>DELETE /users/me/blocks</c>, asserting 200; how many were unblocked.</summary>
    public static async Task<UnblockAllBody> UnblockAllOkAsync(this TestUser user) =>
        await HttpAssert.OkAsync<UnblockAllBody>(await user.Client.DeleteAsync("/api/v1/users/me/blocks"));

    /// <summary><c>GET /users/me/blocks</c> with an optional query (<c>?limit=2&amp;cursor=...</c>).</summary>
    public static async Task<BlockListBody> BlocksAsync(this TestUser user, string query = "") =>
        await HttpAssert.OkAsync<BlockListBody>(await user.Client.GetAsync($"/api/v1/users/me/blocks{query}"));

    /// <summary><c>POST /conversations/{id}/block</c>: blocks the other participant; the raw answer.</summary>
    public static Task<HttpResponseMessage> BlockInConversationAsync(this TestUser user, Guid conversationId) =>
        user.Client.PostAsync($"/api/v1/conversations/{conversationId}/block", null);

    /// <summary><c>POST /conversations/{id}/unblock</c>; the raw answer.</summary>
    public static Task<HttpResponseMessage> UnblockInConversationAsync(this TestUser user, Guid conversationId) =>
        user.Client.PostAsync($"/api/v1/conversations/{conversationId}/unblock", null);

    /// <summary>
    /// <c>POST /conversations/{id}/messages</c> with an <c>Idempotency-Key</c> and optional extra headers; the raw answer.
    /// </summary>
    public static Task<HttpResponseMessage> SendWithKeyAsync(
        this TestUser user, Guid conversationId, string key, string content = "hello", params (string Name, string Value)[] headers) =>
        user.Client.SendAsync(WithHeaders(
            new HttpRequestMessage(HttpMethod.Post, $"/api/v1/conversations/{conversationId}/messages")
            {
                Content = JsonContent.Create(new { content }),
            },
            [("Idempotency-Key", key), .. headers]));

    /// <summary><c>POST /users/{id}/block</c> with an <c>Idempotency-Key</c>; the raw answer.</summary>
    public static Task<HttpResponseMessage> BlockWithKeyAsync(this TestUser user, Guid otherId, string key) =>
        user.Client.SendAsync(WithHeaders(
            new HttpRequestMessage(HttpMethod.Post, $"/api/v1/users/{otherId}/block"), [("Idempotency-Key", key)]));

    private static HttpRequestMessage WithHeaders(HttpRequestMessage request, IEnumerable<(string Name, string Value)> headers)
    {
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary><c>POST /auth/logout</c>: revokes <paramref name="user"/>'s token; the raw answer.</summary>
    public static Task<HttpResponseMessage> LogoutAsync(this TestUser user) => user.Client.PostAsync("/api/v1/auth/logout", null);

    /// <summary><c>POST /auth/password</c>; the raw answer.</summary>
    public static Task<HttpResponseMessage> ChangePasswordAsync(this TestUser user, string? currentPassword, string? newPassword) =>
        user.Client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword, newPassword });

    /// <summary><c>DELETE /users/me</c> with the password in the body; the raw answer.</summary>
    public static Task<HttpResponseMessage> DeleteAccountAsync(this TestUser user, string? password) =>
        user.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/users/me")
        {
            Content = JsonContent.Create(new { password }),
        });

    /// <summary><c>GET /users/me</c> with <paramref name="user"/>'s token; the raw answer (to see whether the token still works).</summary>
    public static Task<HttpResponseMessage> GetMeAsync(this TestUser user) => user.Client.GetAsync("/api/v1/users/me");

    /// <summary><c>GET /conversations</c> with a query (<c>?limit=2&amp;cursor=...</c>); the raw answer.</summary>
    public static Task<HttpResponseMessage> ConversationsPageAsync(this TestUser user, string query) =>
        user.Client.GetAsync($"/api/v1/conversations{query}");

    /// <summary>Every page of <c>GET /conversations?limit=<paramref name="limit"/></c>, following <c>nextCursor</c>.</summary>
    public static async Task<List<ConversationListBody>> AllConversationPagesAsync(this TestUser user, int limit)
    {
        var pages = new List<ConversationListBody>();
        string? cursor = null;
        do
        {
            var query = $"?limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            pages.Add(await HttpAssert.OkAsync<ConversationListBody>(await user.ConversationsPageAsync(query)));
            cursor = pages[^1].NextCursor;
        }
        while (cursor is not null && pages.Count < 1000);

        return pages;
    }

    /// <summary><c>POST /conversations/direct</c>; the raw answer (201 new to the caller, 200 opened before).</summary>
    public static Task<HttpResponseMessage> OpenDirectRawAsync(this TestUser user, Guid otherId) =>
        user.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = otherId });

    /// <summary><c>PATCH /users/me</c> with <paramref name="body"/>; the raw answer.</summary>
    public static Task<HttpResponseMessage> UpdateMeAsync(this TestUser user, object body) =>
        user.Client.PatchAsJsonAsync("/api/v1/users/me", body);

    /// <summary>Sets whether others see <paramref name="user"/>'s last-seen time, asserting 200; their own profile.</summary>
    public static async Task<ProfileBody> ShowLastSeenOkAsync(this TestUser user, bool show) =>
        await HttpAssert.OkAsync<ProfileBody>(await user.UpdateMeAsync(new { showLastSeen = show }));
}
