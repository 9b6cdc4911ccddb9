using ChatBlock.Grains;
using ChatBlock.Grains.Accounts;
using ChatBlock.Grains.Users;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBlock.Tests.Grains;

/// <summary>
/// The send gate's question, <see cref="IUserGrain.IsBlockingAsync"/>, runs beside any turn (<c>[AlwaysInterleave]</c>, issue
/// 12): it answers while a write turn is inside, sees each write turn's change as soon as that turn has made it, and goes to a
/// turn of its own (never reloading beside one) when its set is stale.
/// </summary>
public abstract class SendGateInterleavingTests(TestCluster cluster)
{
    [Fact]
    public async Task TheGateSeesTheChangeOfTheLastWriteTurnAtOnce()
    {
        var (a, b, _) = await cluster.NewPairAsync();
        var user = cluster.Grains(0).GetGrain<IUserGrain>(a);
        Assert.False(await user.IsBlockingAsync(b));

        Assert.Equal(BlockOutcome.Blocked, (await user.BlockAsync(b)).Outcome);
        Assert.True(await user.IsBlockingAsync(b));
        Assert.NotNull(await user.UpdateBlockAsync(b, new BlockPatch(false, null, true, "still")));
        Assert.True(await user.IsBlockingAsync(b));
        Assert.True((await user.UnblockAsync(b)).Unblocked);
        Assert.False(await user.IsBlockingAsync(b));
        Assert.Equal(BlockOutcome.Blocked, (await user.BlockAsync(b)).Outcome);
        Assert.True(await user.IsBlockingAsync(b));
        Assert.Equal(1, await user.UnblockAllAsync());
        Assert.False(await user.IsBlockingAsync(b));
    }

    [Fact]
    public async Task AStaleSetIsReloadedBeforeTheGateAnswers()
    {
        var (a, b, _) = await cluster.NewPairAsync();
        var user = cluster.Grains(0).GetGrain<IUserGrain>(a);
        Assert.False(await user.IsBlockingAsync(b));
        await cluster.BlockWithoutNotificationAsync(a, b);
        Assert.False(await user.IsBlockingAsync(b)); // nobody told silo 0: its copy is behind, as intended

        // What the invalidator does when another silo's notification arrives.
        cluster.Silos[0].Services.GetRequiredService<BlockSetStamps>().Invalidate(a);

        // The timeout only turns a check that waits for itself into a failure instead of a hang.
        Assert.True(await user.IsBlockingAsync(b).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task TheFirstCheckOnASiloThatTrustsNoCopyActivatesThenReloads()
    {
        var (a, b, _) = await cluster.NewPairAsync();
        Assert.Equal(BlockOutcome.Blocked, (await cluster.Grains(0).GetGrain<IUserGrain>(a).BlockAsync(b)).Outcome);
        using var untrusting = await cluster.StartSiloAsync($"untrusting-{Guid.NewGuid():N}", deaf: true);
        // As while its listen connection is down: every set is stale, also one loaded a moment ago by the activation.
        untrusting.Services.GetRequiredService<BlockSetStamps>().StopTrusting();
        var user = untrusting.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(a);

        // The activation's turn loads the set, the check finds it stale and asks for a turn of its own: were the check run inside
        // the activation's turn, it would wait for itself (and time out here).
        Assert.True(await user.IsBlockingAsync(b).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(await user.IsBlockingAsync(Guid.NewGuid()).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        await untrusting.StopAsync();
    }
}

[Collection(MemoryClusterCollection.Name)]
public sealed class MemorySendGateInterleavingTests(MemoryTestCluster cluster) : SendGateInterleavingTests(cluster);

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresSendGateInterleavingTests(PostgresTestCluster cluster) : SendGateInterleavingTests(cluster);

/// <summary>
/// The gate beside a write turn that is inside: a block held in the store (the turn waits there) on one silo over the Memory
/// store, with the store's calls held and released by the test.
/// </summary>
public sealed class SendGateBesideAWriteTurnTests : IAsyncLifetime
{
    private IHost _host = null!;
    private RecordingChatStore _store = null!;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Memory",
            ["Silo:IdleDeactivation"] = "00:00:00",
            ["Blocking:RateLimit:PermitsPerHour"] = "0",
        });
        builder.Services.AddChatSilo(builder.Configuration);
        var recording = RecordingChatStore.Decorate(builder.Services);
        _host = builder.Build();
        await _host.StartAsync();
        _store = recording(_host.Services);
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Fact]
    public async Task TheGateAnswersWhileABlockIsInItsWriteTurn()
    {
        var (a, b) = await NewPairAsync();
        var user = Grains.GetGrain<IUserGrain>(a);
        Assert.False(await user.IsBlockingAsync(b));
        var hold = _store.HoldNext(nameof(IChatStore.AddBlockWithinLimitAsync));
        var block = Task.Run(() => user.BlockAsync(b));
        await hold.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        try
        {
            // The block's write turn is inside, waiting on the store: the gate answers from the set as it was, at once (a call
            // that waited for the turn would time out here, since the turn ends only after the release below).
            Assert.False(await user.IsBlockingAsync(b).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            hold.Release.TrySetResult();
        }

        Assert.Equal(BlockOutcome.Blocked, (await block).Outcome);
        Assert.True(await user.IsBlockingAsync(b));
    }

    [Fact]
    public async Task AStaleGateWaitsForTheWriteTurnAndReloadsAfterIt()
    {
        var (a, b) = await NewPairAsync();
        var user = Grains.GetGrain<IUserGrain>(a);
        Assert.False(await user.IsBlockingAsync(b));
        var hold = _store.HoldNext(nameof(IChatStore.AddBlockWithinLimitAsync));
        var block = Task.Run(() => user.BlockAsync(b));
        await hold.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The set goes stale while the block's turn is inside. A reload beside the turn would read storage without the block and
        // answer false now; the check must instead queue for a turn, which runs after the block's, and answer from its set.
        _host.Services.GetRequiredService<BlockSetStamps>().Invalidate(a);
        var check = user.IsBlockingAsync(b).AsTask();
        hold.Release.TrySetResult();

        Assert.Equal(BlockOutcome.Blocked, (await block).Outcome);
        Assert.True(await check.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    private async Task<(Guid A, Guid B)> NewPairAsync()
    {
        var accounts = _host.Services.GetRequiredService<UserAccounts>();
        var a = (await accounts.RegisterAsync($"a{Guid.NewGuid():N}"[..20], "password123", null, null))!.Id;
        var b = (await accounts.RegisterAsync($"b{Guid.NewGuid():N}"[..20], "password123", null, null))!.Id;
        return (a, b);
    }
}
