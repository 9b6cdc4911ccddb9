using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Dialects;

/// <summary>
/// The seeds' own clients, unchanged, against the real server on a Kestrel port (SPEC section 9): seed 002's TypeScript
/// <c>blockUser</c> under Node (tsx), and seed 003's Postman examples under newman.
/// </summary>
public sealed class SeedClientTests(LiveChatApp app) : IClassFixture<LiveChatApp>
{
    private readonly LiveChatApp _app = app;

    private string BaseUrl => _app.BaseAddress.ToString().TrimEnd('/');

    [Fact]
    public async Task Seed002BlockUserClientSucceedsAndReadsEveryErrorItThrows()
    {
        var a = await _app.RegisterAsync();
        var b = await _app.RegisterAsync();
        object[] cases =
        [
            new { name = "block", token = a.Token, userId = b.Id.ToString() },
            new { name = "again", token = a.Token, userId = b.Id.ToString() },
            new { name = "self", token = a.Token, userId = a.Id.ToString() },
            new { name = "unknown", token = a.Token, userId = Guid.NewGuid().ToString() },
            new { name = "malformed", token = a.Token, userId = "string" },
            new { name = "no token", token = "", userId = b.Id.ToString() },
        ];

        var (exitCode, output, errors) = await NodeClients.RunAsync(
            "tsx", ["seed002/run.ts", JsonSerializer.Serialize(cases)], new Dictionary<string, string> { ["CHATBLOCK_URL"] = BaseUrl });

        Assert.True(exitCode == 0, $"tsx exited {exitCode}: {errors}{output}");
        var seen = JsonDocument.Parse(output).RootElement.EnumerateArray()
            .Select(o => (
                Name: o.GetProperty("name").GetString(),
                Ok: o.GetProperty("ok").GetBoolean(),
                Code: o.TryGetProperty("code", out var code) ? code.GetString() : null,
                Message: o.TryGetProperty("message", out var message) ? message.GetString() : null))
            .ToList();
        Assert.Equal<(string?, bool, string?, string?)>(
        [
            ("block", true, null, null),
            ("again", false, "user.block.already_blocked", "You already block this user."),
            ("self", false, "user.block.self", "You cannot block yourself."),
            ("unknown", false, "user.not_found", "User not found."),
            ("malformed", false, "request.invalid_id", "An id is malformed."),
            ("no token", false, "auth.unauthorized", "A valid bearer token is required."),
        ], seen);
        var relationship = await a.RelationshipAsync(b.Id);
        Assert.True(relationship.BlockedByMe);
    }

    [Fact]
    public async Task Seed003PostmanExamplesPassUnderNewman()
    {
        var a = await _app.RegisterAsync();
        var b = await _app.RegisterAsync();
        var chat = (await a.OpenDirectAsync(b.Id)).Id;
        var report = Path.Combine(Path.GetTempPath(), $"newman-{Guid.NewGuid():N}.json");
        try
        {
            var (exitCode, output, errors) = await NodeClients.RunAsync("newman",
            [
                "run", "seed003/collection.json", "--reporters", "cli,json", "--reporter-json-export", report, "--color", "off",
                "--env-var", $"baseUrl={BaseUrl}", "--env-var", $"tokenA={a.Token}", "--env-var", $"tokenB={b.Token}",
                "--env-var", $"userAId={a.Id}", "--env-var", $"userBId={b.Id}", "--env-var", $"chatId={chat}",
            ]);

            Assert.True(exitCode == 0, $"newman exited {exitCode}:\n{output}\n{errors}");
            var run = JsonDocument.Parse(await File.ReadAllTextAsync(report)).RootElement.GetProperty("run").GetProperty("stats");
            Assert.Equal(9, run.GetProperty("requests").GetProperty("total").GetInt32());
            Assert.Equal(9, run.GetProperty("assertions").GetProperty("total").GetInt32());
            Assert.Equal(0, run.GetProperty("assertions").GetProperty("failed").GetInt32());
        }
        finally
        {
            File.Delete(report);
        }

        // What newman did is what the server kept: two messages, after the unblock.
        using var messages = await a.Client.GetAsync($"api/v1/conversations/{chat}/messages");
        Assert.Equal(HttpStatusCode.OK, messages.StatusCode);
        Assert.Equal(2, (await messages.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength());
    }
}
