using System.Net;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Api;

/// <summary>
/// Timed blocks and private notes over HTTP (SPEC section 10): the optional block body, its validation (nothing changes on a
/// <c>400</c>), <c>PATCH</c>, and what lists, the relationship and the block answer show, to the blocker and to nobody else.
/// </summary>
public abstract class TimedBlockApiTests(ChatApp app)
{
    [Fact]
    public async Task ABlockForADayWithANoteShowsItsExpiryAndNoteToTheBlocker()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var before = DateTimeOffset.UtcNow;

        var block = await a.BlockWithOkAsync(b.Id, new { expiresIn = 86400, note = "cooling off" });

        Assert.NotNull(block.ExpiresAt);
        Assert.InRange(block.ExpiresAt.Value, before.AddDays(1), DateTimeOffset.UtcNow.AddDays(1));
        Assert.Equal("cooling off", block.Note);
        var item = Assert.Single((await a.BlocksAsync()).Items);
        Assert.Equal((b.Id, block.ExpiresAt, "cooling off"), (item.User.Id, item.ExpiresAt, item.Note));
        var relationship = await a.RelationshipAsync(b.Id);
        Assert.True(relationship.BlockedByMe);
        Assert.Equal(block.ExpiresAt, relationship.ExpiresAt);
        await HttpAssert.ProblemAsync(await b.SendAsync(block.ConversationId), HttpStatusCode.Forbidden, "message.blocked_by_recipient");
    }

    [Fact]
    public async Task AnExpiresAtIsKeptToTheMicrosecond()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var at = new DateTimeOffset(DateTime.UtcNow.AddDays(7).Ticks / 10 * 10, TimeSpan.Zero);

        var block = await a.BlockWithOkAsync(b.Id, new { expiresAt = at });

        Assert.Equal(at, block.ExpiresAt);
        Assert.Null(block.Note);
        Assert.Equal(at, Assert.Single((await a.BlocksAsync()).Items).ExpiresAt);
    }

    [Fact]
    public async Task AnEmptyBodyOrNoBodyBlocksPermanently()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var c = await app.RegisterAsync();

        var withEmptyObject = await HttpAssert.OkAsync<BlockBody>(await a.BlockWithRawAsync(b.Id, "{}"), HttpStatusCode.Created);
        var withoutBody = await a.BlockOkAsync(c.Id);

        Assert.Null(withEmptyObject.ExpiresAt);
        Assert.Null(withoutBody.ExpiresAt);
        Assert.All((await a.BlocksAsync()).Items, i => Assert.Null(i.ExpiresAt));
        Assert.Null((await a.RelationshipAsync(b.Id)).ExpiresAt);
    }

    [Theory]
    [InlineData("""{"expiresIn": 86400, "expiresAt": "2099-01-01T00:00:00Z"}""")] // both
    [InlineData("""{"expiresIn": 60}""")] // shorter than the one-hour minimum
    [InlineData("""{"expiresIn": 0}""")]
    [InlineData("""{"expiresIn": -5}""")]
    [InlineData("""{"expiresIn": 31622400}""")] // 366 days
    [InlineData("""{"expiresIn": 9223372036854775807}""")]
    [InlineData("""{"expiresAt": "2000-01-01T00:00:00Z"}""")] // in the past
    [InlineData("""{"expiresAt": "2999-01-01T00:00:00Z"}""")] // more than a year ahead
    [InlineData("""{"expiresAt": "tomorrow"}""")]
    [InlineData("""{"expiresIn": 3600, "expiresAt": null}""")] // both, one of them null
    [InlineData("""{"note": 42}""")]
    [InlineData("""[1, 2]""")]
    [InlineData("""{"expiresIn": 86400""")]
    public async Task AnInvalidBodyIsRefusedAndBlocksNothing(string body)
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();

        await HttpAssert.ProblemAsync(await a.BlockWithRawAsync(b.Id, body), HttpStatusCode.BadRequest, "request.invalid");

        Assert.Empty((await a.BlocksAsync()).Items);
        Assert.False((await a.RelationshipAsync(b.Id)).BlockedByMe);
    }

    [Fact]
    public async Task ANoteOverTwoHundredEightyCharactersIsRefused()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();

        await HttpAssert.ProblemAsync(
            await a.BlockWithAsync(b.Id, new { note = new string('x', 281) }), HttpStatusCode.BadRequest, "request.invalid");
        Assert.Empty((await a.BlocksAsync()).Items);

        // 280 characters that are not all one UTF-16 unit each are still 280.
        var block = await a.BlockWithOkAsync(b.Id, new { note = string.Concat(Enumerable.Repeat("😀", 280)) });
        Assert.Equal(560, block.Note!.Length);
    }

    [Fact]
    public async Task PatchChangesTheExpiryAndTheNoteOfAnActiveBlock()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var block = await a.BlockWithOkAsync(b.Id, new { expiresIn = 86400, note = "first" });

        var permanent = await a.PatchBlockOkAsync(b.Id, """{"expiresAt": null}""");
        Assert.Null(permanent.ExpiresAt);
        Assert.Equal("first", permanent.Note); // not named: unchanged
        Assert.Equal(block.CreatedAt, permanent.CreatedAt);

        var week = DateTimeOffset.UtcNow.AddDays(7);
        var renoted = await a.PatchBlockOkAsync(b.Id, $$"""{"expiresAt": "{{week:O}}", "note": "second"}""");
        Assert.Equal("second", renoted.Note);
        Assert.Equal(week.UtcTicks / 10, renoted.ExpiresAt!.Value.UtcTicks / 10);

        var unnoted = await a.PatchBlockOkAsync(b.Id, """{"note": null}""");
        Assert.Null(unnoted.Note);
        Assert.Equal(renoted.ExpiresAt, unnoted.ExpiresAt);

        var item = Assert.Single((await a.BlocksAsync()).Items);
        Assert.Equal((renoted.ExpiresAt, (string?)null), (item.ExpiresAt, item.Note));
        Assert.Equal(renoted.ExpiresAt, (await a.RelationshipAsync(b.Id)).ExpiresAt);
    }

    [Fact]
    public async Task PatchIsValidatedLikeABlockAndChangesNothingWhenRefused()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var block = await a.BlockWithOkAsync(b.Id, new { expiresIn = 86400, note = "kept" });

        foreach (var body in new[]
        {
            "", "{}", """{"unknown": 1}""", """{"expiresIn": 60}""", """{"expiresIn": 7200, "expiresAt": null}""",
            $$"""{"note": "{{new string('y', 281)}}"}""", """{"expiresAt": "2999-01-01T00:00:00Z", "note": "lost"}""",
        })
        {
            await HttpAssert.ProblemAsync(await a.PatchBlockAsync(b.Id, body), HttpStatusCode.BadRequest, "request.invalid");
        }

        var item = Assert.Single((await a.BlocksAsync()).Items);
        Assert.Equal((block.ExpiresAt, "kept"), (item.ExpiresAt, item.Note));
    }

    [Fact]
    public async Task PatchWithoutABlockIsNotFound()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();

        await HttpAssert.ProblemAsync(await a.PatchBlockAsync(b.Id, """{"note": "x"}"""), HttpStatusCode.NotFound, "user.block.not_blocked");
        await HttpAssert.ProblemAsync(
            await a.PatchBlockAsync(Guid.NewGuid(), """{"note": "x"}"""), HttpStatusCode.NotFound, "user.not_found");
        // The other direction is not the caller's block.
        await b.BlockOkAsync(a.Id);
        await HttpAssert.ProblemAsync(await a.PatchBlockAsync(b.Id, """{"note": "x"}"""), HttpStatusCode.NotFound, "user.block.not_blocked");
    }

    [Fact]
    public async Task TheBlockedUserNeverSeesTheNoteOrTheExpiry()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        const string note = "secret-note-7f3a";
        var block = await a.BlockWithOkAsync(b.Id, new { expiresIn = 86400, note });

        var seenByB = new[]
        {
            await b.Client.GetStringAsync($"/api/v1/users/{a.Id}/relationship"),
            await b.Client.GetStringAsync($"/api/v1/users/{a.Id}"),
            await b.Client.GetStringAsync("/api/v1/users/me/blocks"),
            await b.Client.GetStringAsync("/api/v1/conversations"),
            await (await b.Client.GetAsync($"/api/v1/conversations/{block.ConversationId}")).Content.ReadAsStringAsync(),
        };

        Assert.All(seenByB, json => Assert.DoesNotContain(note, json, StringComparison.Ordinal));
        Assert.All(seenByB, json => Assert.DoesNotContain(block.ExpiresAt!.Value.ToString("yyyy-MM-ddTHH:mm"), json, StringComparison.Ordinal));
        Assert.Null((await b.RelationshipAsync(a.Id)).ExpiresAt);
    }

    [Fact]
    public async Task TheChatScopedBlockTakesTheSameBody()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);

        await HttpAssert.ProblemAsync(
            await a.BlockInConversationWithAsync(conversation.Id, new { expiresIn = 10 }), HttpStatusCode.BadRequest, "request.invalid");
        var block = await HttpAssert.OkAsync<BlockBody>(
            await a.BlockInConversationWithAsync(conversation.Id, new { expiresIn = 7200, note = "from the chat" }), HttpStatusCode.Created);

        Assert.Equal("from the chat", block.Note);
        Assert.Equal(block.ExpiresAt, Assert.Single((await a.BlocksAsync()).Items).ExpiresAt);
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIsIgnoredAsBeforeTimedBlocks()
    {
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();

        var block = await HttpAssert.OkAsync<BlockBody>(
            await a.BlockWithRawAsync(b.Id, "expiresIn=60", "application/x-www-form-urlencoded"), HttpStatusCode.Created);

        Assert.Null(block.ExpiresAt);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteTimedBlockApiTests(SqliteChatApp app) : TimedBlockApiTests(app);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresTimedBlockApiTests(PostgresChatApp app) : TimedBlockApiTests(app);
