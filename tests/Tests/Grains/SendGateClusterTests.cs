using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Grains;

/// <summary>The send gate across several silos sharing one database (SPEC sections 1, 3 and 5; issue 3).</summary>
public abstract class SendGateClusterTests(TestCluster cluster)
{
    [Fact]
    public async Task ABlockOnOneSiloRefusesSendsOnTheOthersRightAfterTheAcknowledgement()
    {
        var (a, b, conversation) = await cluster.NewPairAsync();
        // Warm every silo, so that each holds a copy of A's (empty) block set.
        for (var silo = 0; silo < 3; silo++)
        {
            Assert.Equal(SendOutcome.Sent, (await Direct(silo, conversation).SendAsync(b, "hi", "text")).Outcome);
        }

        Assert.Equal(BlockOutcome.Blocked, (await User(0, a).BlockAsync(b)).Outcome);

        // No waiting: a silo that has not heard of the block yet is refused by the database's re-check.
        Assert.Equal(SendOutcome.BlockedByRecipient, (await Direct(1, conversation).SendAsync(b, "x", "text")).Outcome);
        Assert.Equal(SendOutcome.RecipientBlocked, (await Direct(2, conversation).SendAsync(a, "x", "text")).Outcome);
        Assert.Equal(3, (await cluster.Store().GetMessagesAsync(conversation, a, null, 10)).Count);
    }

    [Fact]
    public async Task AnUnblockOnOneSiloRestoresSendingOnTheOthersOnceTheyAreNotified()
    {
        var (a, b, conversation) = await cluster.NewPairAsync();
        await User(0, a).BlockAsync(b);
        // Every silo holds A's block set with the block in it.
        for (var silo = 0; silo < 3; silo++)
        {
            Assert.True(await User(silo, a).IsBlockingAsync(b));
        }

        var notified = new[] { 0, 1 }.Select(silo => cluster.WhenBlockChangeDeliveredAsync(silo, a)).ToList();
        Assert.True((await User(2, a).UnblockAsync(b)).Unblocked);
        // An unblock is refused from memory until the notification lands (milliseconds with LISTEN/NOTIFY): wait for that signal.
        await Task.WhenAll(notified);

        Assert.Equal(SendOutcome.Sent, (await Direct(0, conversation).SendAsync(a, "back", "text")).Outcome);
        Assert.Equal(SendOutcome.Sent, (await Direct(1, conversation).SendAsync(b, "back", "text")).Outcome);
    }

    [Fact]
    public async Task ASiloThatMissedTheNotificationIsStillExactThroughTheDatabase()
    {
        var (a, b, conversation) = await cluster.NewPairAsync();
        using var deaf = await cluster.StartSiloAsync("deaf", deaf: true);
        var deafGrains = deaf.Services.GetRequiredService<IGrainFactory>();
        Assert.False(await deafGrains.GetGrain<IUserGrain>(a).IsBlockingAsync(b));

        await User(0, a).BlockAsync(b);
        Assert.False(await deafGrains.GetGrain<IUserGrain>(a).IsBlockingAsync(b)); // stale, as intended

        var refused = await deafGrains.GetGrain<IDirectConversationGrain>(conversation).SendAsync(b, "must not pass", "text");
        Assert.Equal(SendOutcome.BlockedByRecipient, refused.Outcome);
        Assert.Empty(await cluster.Store().GetMessagesAsync(conversation, a, null, 10));
        // The refusal also brought the deaf silo's copy up to date.
        Assert.True(await deafGrains.GetGrain<IUserGrain>(a).IsBlockingAsync(b));
        await deaf.StopAsync();
    }

    [Fact]
    public async Task NoMessageIsStoredAfterABlockIsAcknowledgedWhileSendsRaceOnTwoSilos()
    {
        var (a, b, conversation) = await cluster.NewPairAsync();
        var acknowledged = 0;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var senders = new[] { 1, 2 }.Select(silo => Task.Run(async () =>
        {
            // Keep sending until 20 sends have started after the acknowledgement, however fast or slow the block is.
            var outcomes = new List<(SendOutcome Outcome, bool StartedAfterAck)>();
            for (var i = 0; outcomes.Count(o => o.StartedAfterAck) < 20; i++)
            {
                var afterAck = Volatile.Read(ref acknowledged) == 1;
                outcomes.Add(((await Direct(silo, conversation).SendAsync(b, $"m{silo}-{i}", "text")).Outcome, afterAck));
                started.TrySetResult();
            }

            return outcomes;
        })).ToList();

        await started.Task;
        Assert.Equal(BlockOutcome.Blocked, (await User(0, a).BlockAsync(b)).Outcome);
        Volatile.Write(ref acknowledged, 1);
        var results = (await Task.WhenAll(senders)).SelectMany(r => r).ToList();

        // A send that started after the acknowledgement is never accepted ...
        Assert.DoesNotContain(results, r => r.StartedAfterAck && r.Outcome == SendOutcome.Sent);
        Assert.Contains(results, r => !r.StartedAfterAck && r.Outcome == SendOutcome.Sent);
        // ... and the database holds exactly the accepted ones.
        var stored = await cluster.Store().GetMessagesAsync(conversation, a, null, 100_000);
        Assert.Equal(results.Count(r => r.Outcome == SendOutcome.Sent), stored.Count);
    }

    [Fact]
    public async Task ASiloThatLostItsListenConnectionDoesNotServeAStaleBlockSetAfterItReconnects()
    {
        var (a, b, _) = await cluster.NewPairAsync();
        Assert.False(await User(1, a).IsBlockingAsync(b));
        await cluster.BlockWithoutNotificationAsync(a, b);
        Assert.False(await User(1, a).IsBlockingAsync(b)); // stale: the notification was lost

        // Completes once the channel listens again and has reset this silo's observers.
        await cluster.LoseListenConnectionAsync(1);

        Assert.True(await User(1, a).IsBlockingAsync(b));
    }

    [Fact]
    public async Task GroupMessagesIgnoreBlocks()
    {
        var a = await cluster.NewUserAsync();
        var b = await cluster.NewUserAsync();
        var group = (await cluster.Conversations().CreateGroupAsync(a, "g", [b])).Conversation!;
        await User(0, a).BlockAsync(b);

        var sent = await cluster.Grains(1).GetGrain<IGroupConversationGrain>(group.Id).SendAsync(b, "still here", "text");

        Assert.Equal(SendOutcome.Sent, sent.Outcome);
    }

    private IUserGrain User(int silo, Guid userId) => cluster.Grains(silo).GetGrain<IUserGrain>(userId);

    private IDirectConversationGrain Direct(int silo, Guid conversationId) =>
        cluster.Grains(silo).GetGrain<IDirectConversationGrain>(conversationId);
}

[Collection(MemoryClusterCollection.Name)]
public sealed class MemorySendGateClusterTests(MemoryTestCluster cluster) : SendGateClusterTests(cluster);

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresSendGateClusterTests(PostgresTestCluster cluster) : SendGateClusterTests(cluster);
