using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace ChatBlock.Tests.Infrastructure;

/// <summary>Timed blocks and notes over <c>/api/v1</c> (SPEC section 10).</summary>
public static class TimedBlockClient
{
    /// <summary><c>POST /users/{id}/block</c> with a JSON body (any shape); the raw answer.</summary>
    public static Task<HttpResponseMessage> BlockWithAsync(this TestUser user, Guid otherId, object body) =>
        user.Client.PostAsJsonAsync($"/api/v1/users/{otherId}/block", body);

    /// <summary><c>POST /users/{id}/block</c> with <paramref name="json"/> as the raw body of <paramref name="contentType"/>.</summary>
    public static Task<HttpResponseMessage> BlockWithRawAsync(
        this TestUser user, Guid otherId, string json, string contentType = "application/json") =>
        user.Client.PostAsync($"/api/v1/users/{otherId}/block", new StringContent(json, Encoding.UTF8, contentType));

    /// <summary>Blocks with a JSON body, asserting 201.</summary>
    public static async Task<BlockBody> BlockWithOkAsync(this TestUser user, Guid otherId, object body) =>
        await HttpAssert.OkAsync<BlockBody>(await user.BlockWithAsync(otherId, body), HttpStatusCode.Created);

    /// <summary><c>PATCH /users/{id}/block</c> with <paramref name="json"/> as the raw body; the raw answer.</summary>
    public static Task<HttpResponseMessage> PatchBlockAsync(this TestUser user, Guid otherId, string json) =>
        user.Client.PatchAsync($"/api/v1/users/{otherId}/block", new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary><c>PATCH /users/{id}/block</c>, asserting 200; the block after the change.</summary>
    public static async Task<BlockListItemBody> PatchBlockOkAsync(this TestUser user, Guid otherId, string json) =>
        await HttpAssert.OkAsync<BlockListItemBody>(await user.PatchBlockAsync(otherId, json));

    /// <summary><c>POST /conversations/{id}/block</c> with a JSON body; the raw answer.</summary>
    public static Task<HttpResponseMessage> BlockInConversationWithAsync(this TestUser user, Guid conversationId, object body) =>
        user.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/block", body);
}
