using ChatBlock.Grains;
using ChatBlock.Grains.Users;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Grains;

/// <summary>The last-seen privacy setting across silos sharing one database (issue 11, item 12).</summary>
public abstract class PrivacyClusterTests(TestCluster cluster)
{
    [Fact]
    public async Task HidingLastSeenOnOneSiloHidesItOnTheOthers()
    {
        var (a, b, _) = await cluster.NewPairAsync();
        // b is active on silo 0: its first activity is written to storage at once.
        await cluster.Silos[0].Services.GetRequiredService<UserActivity>().RecordAsync(b);
        // Silo 1 holds a copy of b that shows the last-seen time.
        Assert.NotNull((await cluster.Grains(1).GetGrain<IUserGrain>(b).GetProfileAsync(a))!.LastSeenAt);

        var dropped = cluster.WhenUserDeactivatedAsync(1, b);
        Assert.True(await cluster.Grains(0).GetGrain<IUserGrain>(b).SetShowLastSeenAsync(false));
        await dropped;

        Assert.Null((await cluster.Grains(1).GetGrain<IUserGrain>(b).GetProfileAsync(a))!.LastSeenAt);
        Assert.Null((await cluster.Grains(2).GetGrain<IUserGrain>(b).GetProfileAsync(a))!.LastSeenAt);
        Assert.NotNull((await cluster.Grains(1).GetGrain<IUserGrain>(b).GetProfileAsync(b))!.LastSeenAt);
    }
}

[Collection(MemoryClusterCollection.Name)]
public sealed class MemoryPrivacyClusterTests(MemoryTestCluster cluster) : PrivacyClusterTests(cluster);

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresPrivacyClusterTests(PostgresTestCluster cluster) : PrivacyClusterTests(cluster);
