using ChatBlock.Grains;
using ChatBlock.Grains.Users;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Grains;

/// <summary>
/// Timed blocks across three silos on one fake clock (SPEC section 10): a block is gone at the instant it expires on every silo,
/// in memory and in the database's re-check; the server's expiry, run by every silo at once, claims and reports each block once.
/// </summary>
public abstract class TimedBlockClusterTests(TestCluster cluster, TimedSilos timed)
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public async Task EverySiloRefusesOneTickBeforeTheExpiryAndAcceptsAtIt()
    {
        var (a, b, conversation) = await cluster.NewPairAsync();
        var heard = new[] { cluster.WhenBlockChangeDeliveredAsync(1, a), cluster.WhenBlockChangeDeliveredAsync(2, a) };
        var expiresAt = StoreClock.Normalize(timed.Clock.GetUtcNow().AddHours(2));
        var block = await User(0, a).BlockAsync(b, new BlockTerms(expiresAt, "two hours"));
        Assert.Equal((BlockOutcome.Blocked, expiresAt), (block.Outcome, block.ExpiresAt));
        await Task.WhenAll(heard);

        MoveClockTo(expiresAt - Tick);
        for (var silo = 0; silo < 3; silo++)
        {
            Assert.True(await User(silo, a).IsBlockingAsync(b));
            Assert.Equal(SendOutcome.BlockedByRecipient, (await Direct(silo, conversation).SendAsync(b, "before", "text")).Outcome);
            Assert.Equal(SendOutcome.RecipientBlocked, (await Direct(silo, conversation).SendAsync(a, "before", "text")).Outcome);
            Assert.Equal(expiresAt, (await User(silo, a).GetBlockAsync(b))!.ExpiresAt);
        }

        MoveClockTo(expiresAt);
        for (var silo = 0; silo < 3; silo++)
        {
            Assert.False(await User(silo, a).IsBlockingAsync(b));
            Assert.Null(await User(silo, a).GetBlockAsync(b));
            Assert.Empty((await User(silo, a).ListBlocksAsync(10, null)).Items);
            Assert.Equal(SendOutcome.Sent, (await Direct(silo, conversation).SendAsync(b, $"after {silo}", "text")).Outcome);
            Assert.Equal(SendOutcome.Sent, (await Direct(silo, conversation).SendAsync(a, $"after {silo}", "text")).Outcome);
        }

        // Messages refused during the block stay refused: only the six sent after it exist.
        var messages = await Direct(0, conversation).GetMessagesAsync(a, null, 50);
        Assert.Equal(6, messages!.Count);
        Assert.All(messages, m => Assert.StartsWith("after", m.Content, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheDatabaseReCheckComparesWithTheExpiryWhenASilosMemoryIsBehind()
    {
        var (a, b, conversation) = await cluster.NewPairAsync();
        using var behind = await cluster.StartSiloAsync($"behind-{Guid.NewGuid():N}", deaf: true);
        var behindGrains = behind.Services.GetRequiredService<IGrainFactory>();
        Assert.False(await behindGrains.GetGrain<IUserGrain>(a).IsBlockingAsync(b)); // loaded before the block; never told of it
        var expiresAt = StoreClock.Normalize(timed.Clock.GetUtcNow().AddHours(1));
        Assert.Equal(BlockOutcome.Blocked, (await User(0, a).BlockAsync(b, new BlockTerms(expiresAt, null))).Outcome);

        MoveClockTo(expiresAt - Tick);
        var refused = await behindGrains.GetGrain<IDirectConversationGrain>(conversation).SendAsync(b, "before", "text");
        Assert.Equal(SendOutcome.BlockedByRecipient, refused.Outcome);

        // Its memory caught up with the block at that refusal and now ignores it by time; the row is still stored (the server's
        // expiry is off), so only the send statement's own comparison with the expiry lets this one through.
        MoveClockTo(expiresAt);
        var sent = await behindGrains.GetGrain<IDirectConversationGrain>(conversation).SendAsync(b, "at", "text");
        Assert.Equal(SendOutcome.Sent, sent.Outcome);
        Assert.Contains(await cluster.Store().GetBlocksByBlockerAsync(a), r => r.BlockedId == b);
        await behind.StopAsync();
    }

    [Fact]
    public async Task EveryExpiredBlockIsClaimedReportedAndAuditedOnceWhileThreeSilosExpireAtOnce()
    {
        var blockers = new List<Guid>();
        var expiresAt = StoreClock.Normalize(timed.Clock.GetUtcNow().AddMinutes(5));
        for (var i = 0; i < 12; i++)
        {
            var (a, b, _) = await cluster.NewPairAsync();
            Assert.Equal(BlockOutcome.Blocked, (await User(i % 3, a).BlockAsync(b, new BlockTerms(expiresAt, $"n{i}"))).Outcome);
            Assert.False(await User((i + 1) % 3, a).IsBlockingAsync(Guid.NewGuid())); // another silo holds the blocker's grain
            blockers.Add(a);
        }

        MoveClockTo(expiresAt - Tick);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(s => Expiry(s).ExpireDueAsync()));
        Assert.DoesNotContain(timed.Expired, e => blockers.Contains(e.BlockerId)); // one tick early: nothing of these is due
        MoveClockTo(expiresAt);
        var loadedBefore = Enumerable.Range(0, 3).Select(s => Stamps(s).Now).ToArray();
        var claimed = await Task.WhenAll(Enumerable.Range(0, 3).Select(s => Task.Run(() => Expiry(s).ExpireDueAsync())));

        Assert.True(claimed.Sum() >= blockers.Count);
        // Every silo drops its copy of each blocker's set: the claiming silo at once, the others when the notification lands.
        await WaitUntilAsync(() => blockers.All(a => Enumerable.Range(0, 3).All(s => !Stamps(s).IsFresh(a, loadedBefore[s]))));
        var reports = timed.Expired.Where(e => blockers.Contains(e.BlockerId)).ToList();
        Assert.Equal(blockers.Count, reports.Count);
        Assert.Equal(blockers.Order(), reports.Select(r => r.BlockerId).Order());
        foreach (var a in blockers)
        {
            var audit = await cluster.Store().GetAuditTrailAsync(a);
            Assert.Equal(["block", "unblock"], audit.Select(r => r.Action));
            Assert.Equal([false, true], audit.Select(r => r.BySystem));
            Assert.Empty(await cluster.Store().GetBlocksByBlockerAsync(a));
        }

        Assert.Equal(0, (await Task.WhenAll(Enumerable.Range(0, 3).Select(s => Expiry(s).ExpireDueAsync()))).Sum());
    }

    [Fact]
    public async Task ANewBlockOverAnExpiredOneReportsTheOldOneOnce()
    {
        var (a, b, _) = await cluster.NewPairAsync();
        var expiresAt = StoreClock.Normalize(timed.Clock.GetUtcNow().AddMinutes(10));
        await User(0, a).BlockAsync(b, new BlockTerms(expiresAt, null));
        MoveClockTo(expiresAt);

        var again = await User(1, a).BlockAsync(b, new BlockTerms(null, "for good"));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(s => Expiry(s).ExpireDueAsync()));

        Assert.Equal((BlockOutcome.Blocked, (DateTimeOffset?)null, "for good"), (again.Outcome, again.ExpiresAt, again.Note));
        Assert.Single(timed.Expired, e => e.BlockerId == a);
        Assert.Equal(["block", "unblock", "block"], (await cluster.Store().GetAuditTrailAsync(a)).Select(r => r.Action));
        Assert.True(await User(2, a).IsBlockingAsync(b));
    }

    private void MoveClockTo(DateTimeOffset instant)
    {
        var by = instant - timed.Clock.GetUtcNow();
        Assert.True(by >= TimeSpan.Zero, "The shared clock only moves forward.");
        timed.Clock.Advance(by);
    }

    // Waits for a condition that other silos' notifications make true; the timeout only turns a lost one into a failure.
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, guard.Token);
        }
    }

    private BlockSetStamps Stamps(int silo) => cluster.Silos[silo].Services.GetRequiredService<BlockSetStamps>();

    private IUserGrain User(int silo, Guid userId) => cluster.Grains(silo).GetGrain<IUserGrain>(userId);

    private IDirectConversationGrain Direct(int silo, Guid conversationId) =>
        cluster.Grains(silo).GetGrain<IDirectConversationGrain>(conversationId);

    private BlockExpiryService Expiry(int silo) => cluster.Silos[silo].Services.GetRequiredService<BlockExpiryService>();
}

[Collection(TimedMemoryClusterCollection.Name)]
public sealed class MemoryTimedBlockClusterTests(TimedMemoryTestCluster cluster) : TimedBlockClusterTests(cluster, cluster.Timed);

[Collection(TimedPostgresClusterCollection.Name)]
public sealed class PostgresTimedBlockClusterTests(TimedPostgresTestCluster cluster) : TimedBlockClusterTests(cluster, cluster.Timed);
