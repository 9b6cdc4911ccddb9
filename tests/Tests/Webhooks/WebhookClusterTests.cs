using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Webhooks;

/// <summary>
/// Two PostgreSQL silos, each with its own sender, share one outbox (SPEC section 8): rows are leased with
/// <c>FOR UPDATE SKIP LOCKED</c>, so each event is POSTed by one silo once, and each blocker's events arrive in order although
/// their changes were made on alternating silos.
/// </summary>
public sealed class WebhookClusterTests
{
    [Fact]
    public async Task TwoSilosDeliverEachEventOnceInOrderPerBlocker()
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookApp.ServerKey);
        var postgres = await SharedPostgres.CreateDatabaseAsync();
        using var silo1 = Silo("silo-1", receiver.Url, postgres);
        using var silo2 = Silo("silo-2", receiver.Url, postgres);
        var blockers = new[]
        {
            await WebhookApp.CreateUserAsync(silo1, $"a{Guid.NewGuid():N}"),
            await WebhookApp.CreateUserAsync(silo1, $"b{Guid.NewGuid():N}"),
        };
        var c = await WebhookApp.CreateUserAsync(silo1, $"c{Guid.NewGuid():N}");
        var d = await WebhookApp.CreateUserAsync(silo1, $"d{Guid.NewGuid():N}");
        var expected = new List<(string Blocker, string Type, string Blocked)>();
        foreach (var blocker in blockers)
        {
            var (on1, on2) = (blocker, blocker.On(silo2));
            await on1.BlockOkAsync(c.Id);
            await on2.BlockOkAsync(d.Id);
            await on1.UnblockOkAsync(c.Id);
            await on2.UnblockOkAsync(d.Id);
            expected.AddRange(
            [
                (blocker.Username, "block.created", c.Username), (blocker.Username, "block.created", d.Username),
                (blocker.Username, "block.deleted", c.Username), (blocker.Username, "block.deleted", d.Username),
            ]);
        }

        await receiver.WaitForAsync(expected.Count);
        // Every row delivered and deleted: a row sent twice would have arrived by now too.
        var guard = DateTime.UtcNow.AddSeconds(30);
        while ((await WebhookApp.BacklogAsync(silo1)).Pending > 0)
        {
            Assert.True(DateTime.UtcNow < guard, "the outbox did not drain");
            await Task.Delay(20);
        }

        var received = receiver.Received
            .Select(r => (r.Data.GetProperty("blocker").GetString()!, r.Type, r.Data.GetProperty("blocked").GetString()!)).ToList();
        Assert.Equal(expected.Count, received.Count);
        foreach (var blocker in blockers)
        {
            Assert.Equal(expected.Where(e => e.Blocker == blocker.Username), received.Where(r => r.Item1 == blocker.Username));
        }
    }

    private static ChatApp Silo(string siloId, Uri webhookUrl, string postgres) =>
        new("Postgres", new Dictionary<string, string?>(WebhookApp.Settings(webhookUrl, postgres))
        {
            ["Silo:SiloId"] = siloId,
            ["Auth:SigningKey"] = "webhook-cluster-signing-key-0123456789abcdef",
        });
}
