using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;
using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Grains;

/// <summary>The user grain's block set: rules, paging, persistence across activations.</summary>
public abstract class UserGrainTests(TestCluster cluster)
{
    [Fact]
    public async Task BlockIsDirectionalAndAnsweredFromMemory()
    {
        var (a, b, _) = await cluster.NewPairAsync();
        var grains = cluster.Grains(0);

        var result = await grains.GetGrain<IUserGrain>(a).BlockAsync(b);

        Assert.Equal(BlockOutcome.Blocked, result.Outcome);
        Assert.True(await grains.GetGrain<IUserGrain>(a).IsBlockingAsync(b));
        Assert.False(await grains.GetGrain<IUserGrain>(b).IsBlockingAsync(a));
    }

    [Fact]
    public async Task ExpectedOutcomesComeBackAsValues()
    {
        var (a, b, _) = await cluster.NewPairAsync();
        var user = cluster.Grains(0).GetGrain<IUserGrain>(a);

        Assert.Equal(BlockOutcome.Self, (await user.BlockAsync(a)).Outcome);
        Assert.Equal(BlockOutcome.UserNotFound, (await user.BlockAsync(Guid.NewGuid())).Outcome);
        Assert.Equal(BlockOutcome.Blocked, (await user.BlockAsync(b)).Outcome);
        Assert.Equal(BlockOutcome.AlreadyBlocked, (await user.BlockAsync(b)).Outcome);
        Assert.True((await user.UnblockAsync(b)).Unblocked);
        Assert.False((await user.UnblockAsync(b)).Unblocked);
    }

    [Fact]
    public async Task BlockSetIsReloadedFromStorageAfterDeactivation()
    {
        var (a, b, _) = await cluster.NewPairAsync();
        await cluster.Grains(0).GetGrain<IUserGrain>(a).BlockAsync(b);

        Assert.True(await cluster.Activations(0).DeactivateAsync<IUserGrain>(a, DeactivationReason.ApplicationRequested));

        Assert.True(await cluster.Grains(0).GetGrain<IUserGrain>(a).IsBlockingAsync(b));
    }

    [Fact]
    public async Task ConcurrentCallsToOneActivationRunOneAtATime()
    {
        var a = await cluster.NewUserAsync();
        var targets = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => cluster.NewUserAsync()));
        var user = cluster.Grains(1).GetGrain<IUserGrain>(a);

        var results = await Task.WhenAll(targets.Select(t => user.BlockAsync(t)));

        Assert.All(results, r => Assert.Equal(BlockOutcome.Blocked, r.Outcome));
        var page = await user.ListBlocksAsync(100, null);
        Assert.Equal(targets.Order(), page.Items.Select(i => i.UserId).Order());
        Assert.Equal(40, (await cluster.Store().GetBlocksByBlockerAsync(a)).Count);
    }

    [Fact]
    public async Task UnblockAllEmptiesMemoryAndStorage()
    {
        var a = await cluster.NewUserAsync();
        var user = cluster.Grains(0).GetGrain<IUserGrain>(a);
        foreach (var target in await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => cluster.NewUserAsync())))
        {
            await user.BlockAsync(target);
        }

        Assert.Equal(3, await user.UnblockAllAsync());
        Assert.Empty((await user.ListBlocksAsync(10, null)).Items);
        Assert.Empty(await cluster.Store().GetBlocksByBlockerAsync(a));
        Assert.Equal(6, (await cluster.Store().GetAuditTrailAsync(a)).Count);
    }

    [Fact]
    public async Task AnUnknownUserHasNoProfileAndBlocksNobody()
    {
        var ghost = cluster.Grains(0).GetGrain<IUserGrain>(Guid.NewGuid());

        Assert.Null(await ghost.GetProfileAsync(Guid.NewGuid()));
        Assert.False(await ghost.IsBlockingAsync(Guid.NewGuid()));
    }
}

[Collection(MemoryClusterCollection.Name)]
public sealed class MemoryUserGrainTests(MemoryTestCluster cluster) : UserGrainTests(cluster);

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresUserGrainTests(PostgresTestCluster cluster) : UserGrainTests(cluster);
