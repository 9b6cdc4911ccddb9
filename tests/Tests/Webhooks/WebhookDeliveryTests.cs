using ChatBlock.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatBlock.Tests.Webhooks;

/// <summary>
/// Webhooks end to end (SPEC section 8, issue 9): block changes made over HTTP reach a real receiver that verifies the signature
/// with the server key, once each and in order per blocker, also when the receiver fails first or is down across a restart of the
/// service; on SQLite and PostgreSQL. Bodies carry external ids and times, never message contents.
/// </summary>
public sealed class WebhookDeliveryTests
{
    public static TheoryData<string> Providers => new() { "Sqlite", "Postgres" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task BlockThenUnblockArriveSignedAndInOrderWithoutMessageContents(string provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookApp.ServerKey);
        using var app = await WebhookApp.CreateAsync(provider, receiver.Url);
        var a = await WebhookApp.CreateUserAsync(app, $"a:{Guid.NewGuid():N}");
        var b = await WebhookApp.CreateUserAsync(app, $"b.{Guid.NewGuid():N}@x");
        var secret = $"secret-{Guid.NewGuid():N}";
        var conversation = await a.OpenDirectAsync(b.Id);
        await a.SendOkAsync(conversation.Id, secret);

        await a.BlockOkAsync(b.Id);
        await a.UnblockOkAsync(b.Id);

        var received = await receiver.WaitForAsync(2);
        Assert.Equal(["block.created", "block.deleted"], received.Select(r => r.Type));
        Assert.Equal(0, receiver.BadSignatures);
        foreach (var (hook, timeField) in received.Zip(["blockedAt", "unblockedAt"]))
        {
            Assert.DoesNotContain(secret, hook.Body, StringComparison.Ordinal);
            Assert.StartsWith("application/json", hook.ContentType, StringComparison.Ordinal);
            Assert.Equal(hook.Json.GetProperty("id").GetString(), hook.DeliveryId);
            Assert.Equal(["id", "type", "appId", "createdAt", "data"], hook.Json.EnumerateObject().Select(p => p.Name));
            Assert.Equal(WebhookApp.AppId, hook.Json.GetProperty("appId").GetString());
            Assert.Equal(["blocker", "blocked", timeField], hook.Data.EnumerateObject().Select(p => p.Name));
            Assert.Equal(a.Username, hook.Data.GetProperty("blocker").GetString());
            Assert.Equal(b.Username, hook.Data.GetProperty("blocked").GetString());
            Assert.Equal(hook.Json.GetProperty("createdAt").GetString(), hook.Data.GetProperty(timeField).GetString());
            Assert.Matches(@"\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\z", hook.Data.GetProperty(timeField).GetString());
        }

        Assert.NotEqual(received[0].DeliveryId, received[1].DeliveryId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task BlocksOfTheBuiltInAppWriteNoOutboxRows(string provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookApp.ServerKey);
        using var app = await WebhookApp.CreateAsync(provider, receiver.Url);
        var (a, b) = (await app.RegisterAsync("a"), await app.RegisterAsync("b"));

        await a.BlockOkAsync(b.Id);
        await a.UnblockOkAsync(b.Id);
        await a.BlockOkAsync(b.Id);
        await a.UnblockAllOkAsync();

        // Rows written for them would be pending, or dead once the sender found their app has no webhook.
        Assert.Equal(new(0, 0, null), await WebhookApp.BacklogAsync(app));
        Assert.Empty(receiver.Received);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AReceiverThatFailsTwiceStillGetsEveryEventInOrder(string provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookApp.ServerKey, failFirst: 2);
        using var app = await WebhookApp.CreateAsync(provider, receiver.Url);
        var a = await WebhookApp.CreateUserAsync(app, $"a{Guid.NewGuid():N}");
        var b = await WebhookApp.CreateUserAsync(app, $"b{Guid.NewGuid():N}");
        var c = await WebhookApp.CreateUserAsync(app, $"c{Guid.NewGuid():N}");

        await a.BlockOkAsync(b.Id);
        await a.BlockOkAsync(c.Id);
        await a.UnblockOkAsync(b.Id);

        var received = await receiver.WaitForAsync(3);
        Assert.Equal(
            [("block.created", b.Username), ("block.created", c.Username), ("block.deleted", b.Username)],
            received.Select(r => (r.Type, r.Data.GetProperty("blocked").GetString())));
        // Both failures were tries of the first event: the blocker's next one waited until it was delivered.
        Assert.Equal([received[0].DeliveryId, received[0].DeliveryId], receiver.FailedDeliveryIds);
        Assert.Equal(3, received.Select(r => r.DeliveryId).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AReceiverThatIsDownWhileTheServiceRestartsGetsTheEventsAfterwards(string provider)
    {
        var port = WebhookReceiver.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/hooks");
        var folder = TempFolder.Create("webhooks-restart");
        var postgres = provider == "Postgres" ? await SharedPostgres.CreateDatabaseAsync() : null;
        try
        {
            string blocker, blocked;
            using (var first = await WebhookApp.CreateAsync(provider, url, folder, postgres))
            {
                var a = await WebhookApp.CreateUserAsync(first, $"a{Guid.NewGuid():N}");
                var b = await WebhookApp.CreateUserAsync(first, $"b{Guid.NewGuid():N}");
                (blocker, blocked) = (a.Username, b.Username);
                await a.BlockOkAsync(b.Id);
                await a.UnblockOkAsync(b.Id);
                Assert.Equal(2, (await WebhookApp.BacklogAsync(first)).Pending);
            }

            SqliteConnection.ClearAllPools();
            using var second = await WebhookApp.CreateAsync(provider, url, folder, postgres);
            Assert.Equal(2, (await WebhookApp.BacklogAsync(second)).Pending);

            await using var receiver = await WebhookReceiver.StartAsync(WebhookApp.ServerKey, port);
            var received = await receiver.WaitForAsync(2);
            Assert.Equal(["block.created", "block.deleted"], received.Select(r => r.Type));
            Assert.All(received, r => Assert.Equal((blocker, blocked), (
                r.Data.GetProperty("blocker").GetString(), r.Data.GetProperty("blocked").GetString())));
            Assert.Equal(0, receiver.BadSignatures);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TempFolder.TryDelete(folder);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AnEventRefusedForTheWholeRetryPeriodIsMarkedDeadAndLoggedWithoutTheKey(string provider)
    {
        var logs = new LogCapture();
        await using var receiver = await WebhookReceiver.StartAsync(WebhookApp.ServerKey, failFirst: int.MaxValue);
        using var app = await WebhookApp.CreateAsync(
            provider,
            receiver.Url,
            settings: new Dictionary<string, string?> { ["Webhooks:RetryFor"] = "00:00:00.500" },
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        var a = await WebhookApp.CreateUserAsync(app, $"a{Guid.NewGuid():N}");
        var b = await WebhookApp.CreateUserAsync(app, $"b{Guid.NewGuid():N}");

        await a.BlockOkAsync(b.Id);

        var guard = DateTime.UtcNow.AddSeconds(30);
        while ((await WebhookApp.BacklogAsync(app)).Dead == 0)
        {
            Assert.True(DateTime.UtcNow < guard, "the row was not marked dead");
            await Task.Delay(20);
        }

        Assert.Equal(new(0, 1, null), await WebhookApp.BacklogAsync(app));
        var eventId = receiver.FailedDeliveryIds[0];
        Assert.True(receiver.FailedDeliveryIds.Count >= 2, "the event was retried before it was given up");
        Assert.All(receiver.FailedDeliveryIds, id => Assert.Equal(eventId, id));
        // The sender logs right after it marks the row dead: wait for that line too (the guard only stops a hung test).
        bool Logged() => logs.Entries.Any(e => e.Category == "ChatBlock.Api.Webhooks.WebhookSender" && e.Level == LogLevel.Error
            && e.Message.Contains(eventId, StringComparison.Ordinal) && e.Message.Contains("marked dead", StringComparison.Ordinal));
        while (!Logged())
        {
            Assert.True(DateTime.UtcNow < guard, "the dead row was not logged at error");
            await Task.Delay(20);
        }

        var entries = logs.Entries.Where(e => e.Category == "ChatBlock.Api.Webhooks.WebhookSender").ToList();
        Assert.Contains(entries, e => e.Level == LogLevel.Warning && e.Message.Contains("retrying", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(WebhookApp.ServerKey, StringComparison.Ordinal));
    }
}
