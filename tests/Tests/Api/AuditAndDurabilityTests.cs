using System.Net;
using ChatBlock.Storage.Clustering;
using ChatBlock.Storage;
using ChatBlock.Storage.Sqlite;
using ChatBlock.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBlock.Tests.Api;

/// <summary>The audit trail, the audit log line, rate limits and durability on the SQLite file (SPEC sections 3 and 6).</summary>
public sealed class AuditAndDurabilityTests
{
    [Fact]
    public async Task BlocksAndUnblocksAreInTheAuditTableAndLoggedAtWarningWithoutContent()
    {
        var logs = new LogCapture();
        using var app = new LoggingChatApp(logs);
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        var conversation = await a.OpenDirectAsync(b.Id);
        await a.SendOkAsync(conversation.Id, "secret words");
        await a.BlockOkAsync(b.Id);
        await a.UnblockOkAsync(b.Id);

        var store = OpenStore(app.DataPath);
        var trail = await store.GetAuditTrailAsync(a.Id);

        Assert.Equal([("block", b.Id), ("unblock", b.Id)], trail.Select(t => (t.Action, t.TargetId)));
        var warnings = logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Contains($"[block] AUDIT: User {a.Id} blocked {b.Id}", warnings);
        Assert.Contains($"[block] AUDIT: User {a.Id} unblocked {b.Id}", warnings);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("secret words", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(a.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BlockRequestsAreRateLimitedPerUserWithRetryAfter()
    {
        using var app = new ChatApp(settings: new Dictionary<string, string?> { ["Blocking:RateLimit:PermitsPerHour"] = "2" });
        var a = await app.RegisterAsync();
        var others = new List<TestUser>();
        for (var i = 0; i < 4; i++)
        {
            others.Add(await app.RegisterAsync());
        }

        await a.BlockOkAsync(others[0].Id);
        await a.BlockOkAsync(others[1].Id);
        var limited = await a.BlockAsync(others[2].Id);

        await HttpAssert.ProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) > 0);
        // The refused block changed nothing, and another user has permits of their own.
        Assert.Equal(2, (await a.BlocksAsync()).Items.Count);
        await others[3].BlockOkAsync(a.Id);
    }

    [Fact]
    public async Task AcknowledgedBlocksMessagesAndTokensSurviveARestartOnTheSameFile()
    {
        var dataPath = TempFolder.Create("durable");
        TestUser a, b;
        Guid conversationId;
        using (var first = new ChatApp(dataPath: dataPath))
        {
            a = await first.RegisterAsync();
            b = await first.RegisterAsync();
            conversationId = (await a.OpenDirectAsync(b.Id)).Id;
            await a.SendOkAsync(conversationId, "kept");
            await a.BlockOkAsync(b.Id);
        }

        using var second = new ChatApp(dataPath: dataPath);
        var (aAgain, bAgain) = (a.On(second), b.On(second));

        var blocks = await aAgain.BlocksAsync();
        Assert.Equal(b.Id, Assert.Single(blocks.Items).User.Id);
        Assert.Equal(["kept"], (await aAgain.MessagesAsync(conversationId)).Items.Select(m => m.Content));
        await HttpAssert.ProblemAsync(await bAgain.SendAsync(conversationId), HttpStatusCode.Forbidden, "message.blocked_by_recipient");
    }

    private static SqliteChatStore OpenStore(string dataPath) =>
        new(Options.Create(new StorageOptions { DataPath = dataPath }), new InMemoryClusterChannel(new InMemoryClusterNetwork(), "test"));

    private sealed class LoggingChatApp(LogCapture logs) : ChatApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(l => l.AddProvider(logs));
        }
    }
}
