using ChatBlock.Grains;
using ChatBlock.Silo.Clustering;
using ChatBlock.Silo.Runtime;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Grains;

/// <summary>The send gate across several silos sharing one database (SPEC sections 1, 3 and 5).</summary>
[Collection(ClusterCollection.Name)]
public sealed class SendGateClusterTests(TestCluster cluster)
{
    [Fact]
    public async Task ABlockOnOneSiloRefusesSendsOnTheOthersRightAfterTheAcknowledgement()
    {
        var (a, b, conversation) = await cluster.NewPairAsync();
        // Warm every silo's activations so that each holds a copy of A's (empty) block set.
        for (var silo = 0; silo < 3; silo++)
        {
            Assert.Equal(SendOutcome.Sent, (await cluster.Grains(silo).GetGrain<IDirectConversationGrain>(conversation).SendAsync(b, "hi", "text")).Outcome);
        }

        Assert.Equal(BlockOutcome.Blocked, (await cluster.Grains(0).GetGrain<IUserGrain>(a).BlockAsync(b)).Outcome);

        Assert.Equal(SendOutcome.BlockedByRecipient, (await cluster.Grains(1).GetGrain<IDirectConversationGrain>(conversation).SendAsync(b, "x", "text")).Outcome);
        Assert.Equal(SendOutcome.RecipientBlocked, (await cluster.Grains(2).GetGrain<IDirectConversationGrain>(conversation).SendAsync(a, "x", "text")).Outcome);

        Assert.True((await cluster.Grains(2).GetGrain<IUserGrain>(a).UnblockAsync(b)).Unblocked);
        Assert.Equal(SendOutcome.Sent, (await cluster.Grains(0).GetGrain<IDirectConversationGrain>(conversation).SendAsync(a, "back", "text")).Outcome);
        Assert.Equal(SendOutcome.Sent, (await cluster.Grains(1).GetGrain<IDirectConversationGrain>(conversation).SendAsync(b, "back", "text")).Outcome);
    }

    [Fact]
    public async Task ASiloThatMissedTheNotificationIsStillExactThroughTheDatabase()
    {
        var (a, b, conversation) = await cluster.NewPairAsync();
        // A silo on a network of its own: it never hears of block changes, so its copy of A's block set goes stale.
        using var deaf = await cluster.StartSiloAsync("deaf", new InMemoryClusterNetwork());
        var deafGrains = deaf.Services.GetService(typeof(IGrainFactory)) as IGrainFactory;
        Assert.False(await deafGrains!.GetGrain<IUserGrain>(a).IsBlockingAsync(b));

        await cluster.Grains(0).GetGrain<IUserGrain>(a).BlockAsync(b);

        var refused = await deafGrains.GetGrain<IDirectConversationGrain>(conversation).SendAsync(b, "must not pass", "text");
        Assert.Equal(SendOutcome.BlockedByRecipient, refused.Outcome);
        Assert.Empty(await cluster.Store().GetMessagesAsync(conversation, a, null, 10));
        // The refusal also brought the deaf silo's memory up to date.
        Assert.True(await deafGrains.GetGrain<IUserGrain>(a).IsBlockingAsync(b));
        await deaf.StopAsync();
    }

    [Fact]
    public async Task NoMessageIsStoredAfterABlockIsAcknowledgedWhileSendsRace()
    {
        var (a, b, conversation) = await cluster.NewPairAsync();
        var blockAcknowledged = 0L;
        var senders = Enumerable.Range(1, 2).Select(silo => Task.Run(async () =>
        {
            var grain = cluster.Grains(silo).GetGrain<IDirectConversationGrain>(conversation);
            var outcomes = new List<(SendOutcome Outcome, long AckSeenBefore)>();
            for (var i = 0; i < 200; i++)
            {
                var ackBefore = Interlocked.Read(ref blockAcknowledged);
                outcomes.Add(((await grain.SendAsync(b, $"m{silo}-{i}", "text")).Outcome, ackBefore));
            }

            return outcomes;
        })).ToList();

        await Task.Yield();
        Assert.Equal(BlockOutcome.Blocked, (await cluster.Grains(0).GetGrain<IUserGrain>(a).BlockAsync(b)).Outcome);
        Interlocked.Exchange(ref blockAcknowledged, 1);
        var results = (await Task.WhenAll(senders)).SelectMany(r => r).ToList();

        // A send that started after the acknowledgement is never accepted ...
        Assert.DoesNotContain(results, r => r.AckSeenBefore == 1 && r.Outcome == SendOutcome.Sent);
        // ... and the database holds exactly the accepted ones.
        var stored = await cluster.Store().GetMessagesAsync(conversation, a, null, 1000);
        Assert.Equal(results.Count(r => r.Outcome == SendOutcome.Sent), stored.Count);
    }

    [Fact]
    public async Task AResetChannelDropsEveryUserActivation()
    {
        var (a, b, _) = await cluster.NewPairAsync();
        await cluster.Grains(1).GetGrain<IUserGrain>(a).IsBlockingAsync(b);
        var channel = (InMemoryClusterChannel)cluster.Silos[1].Services.GetService(typeof(IClusterChannel))!;

        await channel.ResetAsync();

        Assert.Equal(0, await cluster.Activations(1).DeactivateAllAsync<IUserGrain>(DeactivationReason.Invalidated));
    }

    [Fact]
    public async Task GroupMessagesIgnoreBlocks()
    {
        var a = await cluster.NewUserAsync();
        var b = await cluster.NewUserAsync();
        var group = await cluster.Conversations().CreateGroupAsync(a, "g", [b]);
        await cluster.Grains(0).GetGrain<IUserGrain>(a).BlockAsync(b);

        var sent = await cluster.Grains(1).GetGrain<IGroupConversationGrain>(group.Id).SendAsync(b, "still here", "text");

        Assert.Equal(SendOutcome.Sent, sent.Outcome);
    }
}
