using System.Net;
using ChatBlock.Storage;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Events;

/// <summary>
/// A real short timed block end to end over HTTP (SPEC section 10): refused while it lasts, ended by the server (not a client
/// timer) with one <c>block.expired</c> event on the blocker's stream and one audit row by the system, then sending works again.
/// On one SQLite gateway, and on three PostgreSQL gateways whose expiry loops all run.
/// </summary>
public sealed class TimedBlockExpiryTests
{
    private static readonly Dictionary<string, string?> Fast = new()
    {
        ["Blocking:TimedBlocks:MinDuration"] = "00:00:01",
        ["Blocking:TimedBlocks:ExpiryInterval"] = "00:00:00.100",
    };

    [Fact]
    public async Task ASqliteGatewayEndsAShortBlockByItselfAndTellsTheBlocker()
    {
        await using var app = new ChatApp(settings: Fast, realServer: true);
        var a = await app.RegisterAsync("a");
        var b = await app.RegisterAsync("b");

        await ExpiresEndToEndAsync(app, app, a, b, app.Services.GetRequiredService<IChatStore>());
    }

    [Fact]
    public async Task ThreePostgresGatewaysEndAShortBlockOnceAndTellTheBlockerOnce()
    {
        var storage = SiloStorage.Postgres(await SharedPostgres.CreateDatabaseAsync());
        var silos = Enumerable.Range(1, 3).Select(i => new ChatApp(
            storage.Provider,
            new Dictionary<string, string?>(storage.Settings.Concat(Fast))
            {
                ["Silo:SiloId"] = $"silo-{i}",
                ["Auth:SigningKey"] = "cluster-tests-signing-key-0123456789abcdef",
            },
            realServer: true,
            services: storage.AddServices)).ToList();
        try
        {
            var a = await silos[0].RegisterAsync("a");
            var b = await silos[0].RegisterAsync("b");
            foreach (var silo in silos)
            {
                _ = silo.BaseAddress; // every silo runs (and expires) from the start
            }

            await ExpiresEndToEndAsync(silos[0], silos[1], a, b.On(silos[2]), silos[2].Services.GetRequiredService<IChatStore>());
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    // A's stream on `streamSilo`, the block made on `blockSilo`, B's sends wherever B's client points.
    private static async Task ExpiresEndToEndAsync(ChatApp streamSilo, ChatApp blockSilo, TestUser a, TestUser b, IChatStore store)
    {
        await using var stream = await SseConnection.OpenReadyAsync(streamSilo, a);
        var aThere = a.On(blockSilo);
        var block = await aThere.BlockWithOkAsync(b.Id, new { expiresIn = 2, note = "short" });
        Assert.NotNull(block.ExpiresAt);

        // Refused while it lasts, unless the block has already ended on a slow machine: then the event below must follow anyway.
        var during = await b.SendAsync(block.ConversationId, "during");
        var expired = await stream.ReadUntilAsync(e => e.Type == "block.expired");

        Assert.Equal(b.Id, expired[^1].Json.GetProperty("userId").GetGuid());
        Assert.Equal(block.ExpiresAt!.Value, expired[^1].Json.GetProperty("expiredAt").GetDateTimeOffset());
        Assert.True(DateTimeOffset.UtcNow >= block.ExpiresAt);
        await b.SendOkAsync(block.ConversationId, "after");
        Assert.Empty((await a.BlocksAsync()).Items);
        Assert.False((await a.RelationshipAsync(b.Id)).BlockedByMe);
        var contents = (await a.MessagesAsync(block.ConversationId)).Items.Select(m => m.Content).ToList();
        Assert.Contains("after", contents);
        if (during.StatusCode == HttpStatusCode.Forbidden)
        {
            Assert.DoesNotContain("during", contents); // refused during the block stays refused
        }

        // One audit row by the system; and on the stream, nothing more about it before the next event of A's.
        var audit = await store.GetAuditTrailAsync(a.Id);
        Assert.Equal([("block", false), ("unblock", true)], audit.Select(r => (r.Action, r.BySystem)));
        var c = await a.On(blockSilo).BlockOkAsync((await streamSilo.RegisterAsync("c")).Id);
        var rest = await stream.ReadUntilAsync(e => e.Type == "block.created" && e.Json.GetProperty("userId").GetGuid() == c.Blockee.Id);
        Assert.DoesNotContain(rest, e => e.Type == "block.expired");
    }
}
