using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ChatBlock.Tests.Events;

/// <summary>The REST calls the event tests need, each as a given user.</summary>
public sealed class ChatApi(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<TestUser> RegisterAsync(string prefix = "u")
    {
        var username = $"{prefix}{Guid.NewGuid():N}"[..20];
        using var response = await http.PostAsJsonAsync("api/v1/auth/register", new { username, password = "correct horse battery" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new TestUser(body.GetProperty("user").GetProperty("id").GetGuid(), username, body.GetProperty("accessToken").GetString()!);
    }

    public async Task<Guid> OpenDirectAsync(TestUser me, TestUser other)
    {
        using var response = await SendAsync(me, HttpMethod.Post, "api/v1/conversations/direct", new { userId = other.Id });
        Assert.True(response.IsSuccessStatusCode, $"open direct: {response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task<Guid> CreateGroupAsync(TestUser me, string title, params TestUser[] members)
    {
        using var response = await SendAsync(
            me, HttpMethod.Post, "api/v1/conversations/group", new { title, memberIds = members.Select(m => m.Id) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Posts a message; the caller checks the status.</summary>
    public Task<HttpResponseMessage> PostMessageAsync(TestUser me, Guid conversationId, string content) =>
        SendAsync(me, HttpMethod.Post, $"api/v1/conversations/{conversationId}/messages", new { content });

    /// <summary>Posts a message that must be accepted; returns the <c>Message</c> JSON of the answer.</summary>
    public async Task<JsonElement> SendMessageAsync(TestUser me, Guid conversationId, string content)
    {
        using var response = await PostMessageAsync(me, conversationId, content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task BlockAsync(TestUser me, TestUser other)
    {
        using var response = await SendAsync(me, HttpMethod.Post, $"api/v1/users/{other.Id}/block");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public async Task UnblockAsync(TestUser me, TestUser other)
    {
        using var response = await SendAsync(me, HttpMethod.Delete, $"api/v1/users/{other.Id}/block");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async Task<int> UnblockAllAsync(TestUser me)
    {
        using var response = await SendAsync(me, HttpMethod.Delete, "api/v1/users/me/blocks");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unblocked").GetInt32();
    }

    public Task<HttpResponseMessage> SendAsync(TestUser me, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", me.Token);
        return http.SendAsync(request);
    }
}
