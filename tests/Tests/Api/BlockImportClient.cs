using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Api;

/// <summary>The export and import routes of SPEC section 10 as calls of a <see cref="TestUser"/>.</summary>
public static class BlockImportClient
{
    /// <summary><c>GET /users/me/blocks/export?format=</c>; the raw answer.</summary>
    public static Task<HttpResponseMessage> ExportAsync(this TestUser user, string? format = null) =>
        user.Client.GetAsync("/api/v1/users/me/blocks/export" + (format is null ? string.Empty : $"?format={format}"));

    /// <summary>The JSON export's items, asserting 200.</summary>
    public static async Task<List<JsonElement>> ExportItemsAsync(this TestUser user)
    {
        var body = await HttpAssert.OkAsync<JsonElement>(await user.ExportAsync());
        return [.. body.GetProperty("items").EnumerateArray()];
    }

    /// <summary><c>POST /users/me/blocks/import</c> with a body of <paramref name="contentType"/>; the raw answer.</summary>
    public static Task<HttpResponseMessage> ImportAsync(
        this TestUser user, string body, string contentType = "application/json", string mode = "merge", bool dryRun = false) =>
        user.Client.PostAsync(
            $"/api/v1/users/me/blocks/import?mode={mode}&dryRun={(dryRun ? "true" : "false")}",
            new StringContent(body, Encoding.UTF8, contentType));

    /// <summary>Imports <paramref name="ids"/> as JSON items by user id, asserting 200.</summary>
    public static async Task<ImportBody> ImportIdsOkAsync(
        this TestUser user, IEnumerable<Guid> ids, string mode = "merge", bool dryRun = false) =>
        await HttpAssert.OkAsync<ImportBody>(
            await user.ImportAsync(JsonSerializer.Serialize(new { items = ids.Select(id => new { userId = id }) }), mode: mode, dryRun: dryRun));

    /// <summary>Imports <paramref name="body"/>, asserting 200.</summary>
    public static async Task<ImportBody> ImportOkAsync(
        this TestUser user, string body, string contentType = "application/json", string mode = "merge", bool dryRun = false) =>
        await HttpAssert.OkAsync<ImportBody>(await user.ImportAsync(body, contentType, mode, dryRun));

    /// <summary>The ids the user blocks, from the JSON export.</summary>
    public static async Task<HashSet<Guid>> BlockedIdsAsync(this TestUser user) =>
        [.. (await user.ExportItemsAsync()).Select(i => i.GetProperty("userId").GetGuid())];

    /// <summary>The answer of an import.</summary>
    public sealed record ImportBody(
        List<string> Added, List<string> Removed, List<string> AlreadyBlocked, List<string> Unknown, List<string> Self);
}
