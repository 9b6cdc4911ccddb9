using System.Net;
using ChatBlock.Storage;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ChatBlock.Tests.Api;

/// <summary>
/// Report and block in one call (SPEC section 10): the block body's <c>report</c>, stored with the block in one transaction with a
/// copy of each listed message; a message that is not the blocked user's in the reporter's conversations refuses the whole request
/// and changes nothing.
/// </summary>
public abstract class ReportAndBlockApiTests(ChatApp app)
{
    private IChatStore Store => app.Services.GetRequiredService<IChatStore>();

    [Fact]
    public async Task AReportIsStoredWithTheBlockAndKeepsACopyOfTheMessages()
    {
        var (a, b) = (await app.RegisterAsync(), await app.RegisterAsync());
        var conversation = await a.OpenDirectAsync(b.Id);
        var first = await b.SendOkAsync(conversation.Id, "buy my stuff");
        var second = await b.SendOkAsync(conversation.Id, "really, buy it");
        await a.SendOkAsync(conversation.Id, "no thanks");

        var block = await a.BlockWithOkAsync(
            b.Id, new { note = "spammer", report = new { reason = "spam", messageIds = new[] { second.Id, first.Id }, comment = "twice" } });

        Assert.NotNull(block.ReportId);
        Assert.Equal("spammer", block.Note);
        Assert.True((await a.RelationshipAsync(b.Id)).BlockedByMe);
        await HttpAssert.ProblemAsync(await b.SendAsync(conversation.Id), HttpStatusCode.Forbidden, "message.blocked_by_recipient");

        // The originals go; the report's copies stay.
        await DeleteMessagesDirectlyAsync(first.Id, second.Id);
        var report = await FindReportAsync(block.ReportId.Value);
        Assert.Equal((a.Id, b.Id, "spam", "twice"), (report.Reporter.Id, report.Reported.Id, report.Reason, report.Comment));
        Assert.Equal(["buy my stuff", "really, buy it"], report.Messages.Select(m => m.Content));
        Assert.All(report.Messages, m => Assert.Equal((b.Id, conversation.Id), (m.SenderId, m.ConversationId)));
    }

    [Fact]
    public async Task AReportWithoutMessagesIsStored()
    {
        var (a, b) = (await app.RegisterAsync(), await app.RegisterAsync());

        var block = await a.BlockWithOkAsync(b.Id, new { report = new { reason = "harassment" } });

        var report = await FindReportAsync(block.ReportId!.Value);
        Assert.Equal(("harassment", null), (report.Reason, report.Comment));
        Assert.Empty(report.Messages);
    }

    [Fact]
    public async Task AMessageThatIsNotTheBlockedUsersInTheReportersConversationsRefusesEverything()
    {
        var (a, b, c) = (await app.RegisterAsync(), await app.RegisterAsync(), await app.RegisterAsync());
        var ab = await a.OpenDirectAsync(b.Id);
        var bc = await b.OpenDirectAsync(c.Id);
        var own = await a.SendOkAsync(ab.Id, "mine");
        var fromB = await b.SendOkAsync(ab.Id, "ok");
        var elsewhere = await b.SendOkAsync(bc.Id, "not for a");
        var byC = await c.SendOkAsync(bc.Id, "c's");

        foreach (var stranger in new[] { own.Id, elsewhere.Id, byC.Id, Guid.NewGuid() })
        {
            var answer = await a.BlockWithAsync(b.Id, new { report = new { reason = "other", messageIds = new[] { fromB.Id, stranger } } });
            await HttpAssert.ProblemAsync(answer, HttpStatusCode.BadRequest, "report.invalid_message");
        }

        Assert.False((await a.RelationshipAsync(b.Id)).BlockedByMe);
        Assert.DoesNotContain(await Store.GetReportsAsync(UserRecord.DefaultAppId, null, 100), r => r.Reporter.Id == a.Id);
        Assert.Empty((await a.BlocksAsync()).Items);
    }

    [Theory]
    [InlineData("""{"report": {"reason": "rude"}}""")]
    [InlineData("""{"report": {}}""")]
    [InlineData("""{"report": {"reason": "spam", "messageIds": ["not-a-uuid"]}}""")]
    [InlineData("""{"report": {"reason": "spam", "messageIds": ["00000000-0000-0000-0000-000000000000"]}}""")]
    [InlineData("""{"report": "spam"}""")]
    public async Task AnInvalidReportIsRefusedAndBlocksNothing(string body)
    {
        var (a, b) = (await app.RegisterAsync(), await app.RegisterAsync());

        await HttpAssert.ProblemAsync(await a.BlockWithRawAsync(b.Id, body), HttpStatusCode.BadRequest, "request.invalid");

        Assert.False((await a.RelationshipAsync(b.Id)).BlockedByMe);
    }

    [Fact]
    public async Task TooManyMessagesOrTooLongACommentIsRefused()
    {
        var (a, b) = (await app.RegisterAsync(), await app.RegisterAsync());
        var ids = Enumerable.Range(0, 21).Select(_ => Guid.NewGuid()).ToArray();

        await HttpAssert.ProblemAsync(
            await a.BlockWithAsync(b.Id, new { report = new { reason = "spam", messageIds = ids } }), HttpStatusCode.BadRequest,
            "request.invalid");
        await HttpAssert.ProblemAsync(
            await a.BlockWithAsync(b.Id, new { report = new { reason = "spam", comment = new string('x', 1001) } }),
            HttpStatusCode.BadRequest, "request.invalid");
        Assert.False((await a.RelationshipAsync(b.Id)).BlockedByMe);
    }

    [Fact]
    public async Task ReportingAUserAlreadyBlockedStoresNoReport()
    {
        var (a, b) = (await app.RegisterAsync(), await app.RegisterAsync());
        await a.BlockOkAsync(b.Id);

        await HttpAssert.ProblemAsync(
            await a.BlockWithAsync(b.Id, new { report = new { reason = "spam" } }), HttpStatusCode.Conflict, "user.block.already_blocked");

        Assert.DoesNotContain(await Store.GetReportsAsync(UserRecord.DefaultAppId, null, 100), r => r.Reporter.Id == a.Id);
    }

    [Fact]
    public async Task TheChatScopedBlockTakesAReportToo()
    {
        var (a, b) = (await app.RegisterAsync(), await app.RegisterAsync());
        var conversation = await a.OpenDirectAsync(b.Id);
        var message = await b.SendOkAsync(conversation.Id, "rude words");

        var block = await HttpAssert.OkAsync<BlockBody>(
            await a.BlockInConversationWithAsync(
                conversation.Id, new { report = new { reason = "harassment", messageIds = new[] { message.Id } } }),
            HttpStatusCode.Created);

        Assert.Equal("rude words", Assert.Single((await FindReportAsync(block.ReportId!.Value)).Messages).Content);
    }

    private async Task<ReportRecord> FindReportAsync(Guid reportId)
    {
        for (long? before = null; ;)
        {
            var page = await Store.GetReportsAsync(UserRecord.DefaultAppId, before, 100);
            if (page.FirstOrDefault(r => r.Id == reportId) is { } found)
            {
                return found;
            }

            Assert.NotEmpty(page);
            before = page[^1].Seq;
        }
    }

    private async Task DeleteMessagesDirectlyAsync(params Guid[] ids)
    {
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        if (configuration.GetConnectionString("Postgres") is { Length: > 0 } postgres && configuration["Storage:Provider"] == "Postgres")
        {
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("DELETE FROM messages WHERE id = ANY($1)", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = ids });
            Assert.Equal(ids.Length, await command.ExecuteNonQueryAsync());
            return;
        }

        await using var sqlite = new SqliteConnection($"Data Source={Path.Combine(app.DataPath, "chat.db")}");
        await sqlite.OpenAsync();
        foreach (var id in ids)
        {
            await using var command = sqlite.CreateCommand();
            command.CommandText = "DELETE FROM messages WHERE id = $id";
            command.Parameters.AddWithValue("$id", id.ToString("D"));
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteReportAndBlockApiTests(SqliteChatApp app) : ReportAndBlockApiTests(app);

[Collection(PostgresApiCollection.Name)]
public sealed class PostgresReportAndBlockApiTests(PostgresChatApp app) : ReportAndBlockApiTests(app);
