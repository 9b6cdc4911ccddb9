using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Dialects;

/// <summary>
/// The dialects' block routes take the timed-block body of SPEC section 10 like <c>/api/v1</c>: a valid one makes a timed block
/// with a note (seen over <c>/api/v1</c>), an invalid one is 400 in the dialect's own envelope and blocks nothing.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class TimedDialectBlockTests(SqliteChatApp app)
{
    private static readonly object Invalid = new { expiresIn = 60 };

    [Fact]
    public async Task Seed002TakesTheBodyAndAnswersAnInvalidOneInItsEnvelope()
    {
        var (a, b) = (await app.RegisterAsync(), await app.RegisterAsync());

        var refused = await a.Client.PostAsJsonAsync($"/api/v1/users/block/{b.Id}", Invalid);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("request.invalid", error.GetProperty("code").GetString());
        Assert.Empty((await a.BlocksAsync()).Items);

        var blocked = await a.Client.PostAsJsonAsync($"/api/v1/users/block/{b.Id}", new { expiresIn = 7200, note = "002" });
        await DialectAssert.AnswerAsync(blocked, HttpStatusCode.OK, """{"success": true}""");
        await AssertTimedAsync(a, b.Id, "002");
    }

    [Fact]
    public async Task Seed000TakesTheBodyAndAnswersAnInvalidOneInItsEnvelope()
    {
        var (a, b) = (await app.RegisterAsync(), await app.RegisterAsync());

        var refused = await a.Client.PostAsJsonAsync($"/api/users/{b.Id}/block", Invalid);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("success").GetBoolean());
        Assert.Empty((await a.BlocksAsync()).Items);

        var blocked = await a.Client.PostAsJsonAsync($"/api/users/{b.Id}/block", new { expiresIn = 7200, note = "000" });
        await DialectAssert.AnswerAsync(blocked, HttpStatusCode.OK, """{"success": true, "message": "User blocked"}""");
        await AssertTimedAsync(a, b.Id, "000");
    }

    [Fact]
    public async Task Seed003TakesTheBodyAndAnswersAnInvalidOneInItsEnvelope()
    {
        var (a, b) = (await app.RegisterAsync(), await app.RegisterAsync());
        var chat = await a.OpenDirectAsync(b.Id);

        var refused = await a.Client.PostAsJsonAsync($"/api/chats/{chat.Id}/block", Invalid);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("success").GetBoolean());
        Assert.Empty((await a.BlocksAsync()).Items);

        var blocked = await a.Client.PostAsJsonAsync($"/api/chats/{chat.Id}/block", new { expiresIn = 7200, note = "003" });
        Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
        await AssertTimedAsync(a, b.Id, "003");
    }

    [Fact]
    public async Task AReportWithAMessageThatIsNotTheBlockedUsersIsRefusedInEachDialectsEnvelope()
    {
        var (a, b) = (await app.RegisterAsync(), await app.RegisterAsync());
        var chat = await a.OpenDirectAsync(b.Id);
        var mine = await a.SendOkAsync(chat.Id, "my own");
        var body = new { report = new { reason = "spam", messageIds = new[] { mine.Id } } };

        foreach (var route in new[] { $"/api/v1/users/block/{b.Id}", $"/api/users/{b.Id}/block", $"/api/chats/{chat.Id}/block" })
        {
            var refused = await a.Client.PostAsJsonAsync(route, body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.False((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("success").GetBoolean());
        }

        Assert.Empty((await a.BlocksAsync()).Items);
        var reported = await b.SendOkAsync(chat.Id, "spam");
        var valid = new { report = new { reason = "spam", messageIds = new[] { reported.Id } } };
        await DialectAssert.AnswerAsync(
            await a.Client.PostAsJsonAsync($"/api/v1/users/block/{b.Id}", valid), HttpStatusCode.OK, """{"success": true}""");
    }

    private static async Task AssertTimedAsync(TestUser blocker, Guid blockedId, string note)
    {
        var item = Assert.Single((await blocker.BlocksAsync()).Items);
        Assert.Equal((blockedId, note), (item.User.Id, item.Note));
        Assert.InRange(item.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddMinutes(110), DateTimeOffset.UtcNow.AddMinutes(121));
    }
}
