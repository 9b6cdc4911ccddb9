using ChatBlock.Tests.Api;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Webhooks;

/// <summary>
/// The block event kinds after <c>block.created</c>/<c>block.deleted</c> reach the app's webhook too (SPEC sections 8 and 10):
/// <c>report.created</c> right after the block a report came with, and <c>block.expired</c> when the server ends a timed block;
/// signed, in order per blocker, without message contents; on SQLite and PostgreSQL.
/// </summary>
public sealed class WebhookLaterKindsTests
{
    public static TheoryData<string> Providers => new() { "Sqlite", "Postgres" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AReportAndATimedBlockThatEndsAreSentAfterTheirBlocks(string provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookApp.ServerKey);
        using var app = await WebhookApp.CreateAsync(
            provider, receiver.Url, settings: new Dictionary<string, string?> { ["Blocking:TimedBlocks:MinDuration"] = "00:00:01" });
        var a = await WebhookApp.CreateUserAsync(app, $"a-{Guid.NewGuid():N}");
        var b = await WebhookApp.CreateUserAsync(app, $"b-{Guid.NewGuid():N}");
        var c = await WebhookApp.CreateUserAsync(app, $"c-{Guid.NewGuid():N}");
        var conversation = await a.OpenDirectAsync(b.Id);
        var secret = $"evidence-{Guid.NewGuid():N}";
        var message = await b.SendOkAsync(conversation.Id, secret);

        await a.BlockWithOkAsync(b.Id, new { report = new { reason = "spam", messageIds = new[] { message.Id } } });
        await a.BlockWithOkAsync(c.Id, new { expiresIn = 1 });

        var received = await receiver.WaitForAsync(4);
        Assert.Equal(0, receiver.BadSignatures);
        Assert.Equal(
            [("block.created", b.Username), ("report.created", b.Username), ("block.created", c.Username), ("block.expired", c.Username)],
            received.Select(r => (r.Type, r.Data.GetProperty("blocked").GetString()!)));
        Assert.All(received, r => Assert.DoesNotContain(secret, r.Body, StringComparison.Ordinal));
        Assert.True(received[1].Data.TryGetProperty("reportedAt", out _));
        Assert.True(received[3].Data.TryGetProperty("expiredAt", out _));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnImportSendsOneEventPerChange(string provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookApp.ServerKey);
        using var app = await WebhookApp.CreateAsync(provider, receiver.Url);
        var a = await WebhookApp.CreateUserAsync(app, $"a-{Guid.NewGuid():N}");
        var b = await WebhookApp.CreateUserAsync(app, $"b-{Guid.NewGuid():N}");
        var c = await WebhookApp.CreateUserAsync(app, $"c-{Guid.NewGuid():N}");

        await a.ImportIdsOkAsync([b.Id, c.Id]);
        await a.ImportIdsOkAsync([c.Id], mode: "overwrite");

        var received = await receiver.WaitForAsync(3);
        Assert.Equal(0, receiver.BadSignatures);
        var events = received.Select(r => (r.Type, Blocked: r.Data.GetProperty("blocked").GetString()!)).ToList();
        // One import's rows share one time, so their order among themselves is the store's; the second import's come after.
        Assert.Equal(
            new[] { ("block.created", b.Username), ("block.created", c.Username) }.Order(), events.Take(2).Order());
        Assert.Equal(("block.deleted", b.Username), events[2]);
    }
}
