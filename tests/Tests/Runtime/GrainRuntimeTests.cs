using ChatBlock.Silo.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBlock.Tests.Runtime;

/// <summary>The grain runtime's promises: activation on first call, one per key, one call at a time, deactivation.</summary>
public sealed class GrainRuntimeTests : IAsyncLifetime
{
    private IHost _silo = null!;

    private IGrainFactory Grains => _silo.Services.GetRequiredService<IGrainFactory>();

    // Idle deactivation off, so that no test but the idle one sees an activation go away between calls.
    public async Task InitializeAsync() => _silo = await StartSiloAsync("00:00:00");

    public async Task DisposeAsync()
    {
        await _silo.StopAsync();
        _silo.Dispose();
    }

    private static async Task<IHost> StartSiloAsync(string idleDeactivation)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Silo:IdleDeactivation"] = idleDeactivation });
        builder.Services.AddSilo(builder.Configuration);
        builder.Services.AddGrain<IProbeGrain, ProbeGrain>();
        var silo = builder.Build();
        await silo.StartAsync();
        return silo;
    }

    [Fact]
    public async Task CallsToOneActivationNeverInterleave()
    {
        var grain = Grains.GetGrain<IProbeGrain>(Guid.NewGuid());

        var maxima = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(grain.EnterAsync)));

        Assert.Equal(1, maxima.Max());
    }

    [Fact]
    public async Task AReadOnlyCallDoesNotRunWhileAWriteTurnIsInside()
    {
        var (grain, signals, write) = await WithCallInsideAsync(g => g.HoldWriteTurnAsync());

        // Asked while the write turn is inside: it must wait for the turn's end, so it never sees the turn inside.
        var read = grain.IsWriteTurnInsideAsync().AsTask();
        signals.Release.TrySetResult();
        await write;

        Assert.False(await read);
    }

    [Fact]
    public async Task AWriteTurnWaitsForTheReadOnlyCallsInside()
    {
        var (grain, signals, read) = await WithCallInsideAsync(g => g.HoldReadAsync());

        var write = grain.CountReadersInsideAsync();
        signals.Release.TrySetResult();
        await read;

        Assert.Equal(0, await write);
    }

    [Fact]
    public async Task ReadOnlyCallsInterleaveWithEachOther()
    {
        var grain = Grains.GetGrain<IProbeGrain>(Guid.NewGuid());
        await grain.GetActivationIdAsync();

        // Each call waits inside until all three are inside at once: serialised calls would each time out instead.
        var met = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => grain.MeetReadersAsync(3, $"reader {i}").AsTask()));

        Assert.All(met, Assert.True);
    }

    [Fact]
    public async Task AnInterleavedCallRunsWhileAWriteTurnIsInside()
    {
        var (grain, signals, write) = await WithCallInsideAsync(g => g.HoldWriteTurnAsync());
        try
        {
            // Answered while the write turn is still inside ([AlwaysInterleave]); a call that waited for the turn's end would time
            // out here, since the turn ends only after these answers.
            Assert.True(await grain.IsWriteTurnInsideInterleavedAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.True(await grain.IsWriteTurnInsideInterleavedReadOnlyAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            signals.Release.TrySetResult();
        }

        await write;
        Assert.False(await grain.IsWriteTurnInsideInterleavedAsync());
    }

    [Fact]
    public async Task AnInterleavedCallToAnActivationNotActiveTakesATurn()
    {
        var key = Guid.NewGuid();
        var grain = Grains.GetGrain<IProbeGrain>(key);

        // The first call of an activation is interleaved: it activates it in a turn of its own, and runs after OnActivateAsync.
        var first = await grain.GetActivatedIdInterleavedAsync();
        Assert.NotEqual(Guid.Empty, first);
        Assert.Equal(first, await grain.GetActivationIdAsync());

        // The reference still points to the deactivated activation: the call takes a turn, which activates the next one.
        await grain.LeaveAsync();
        Assert.Equal(DeactivationReason.ApplicationRequested, await DeactivationOf(key));
        var next = await grain.GetActivatedIdInterleavedAsync();
        Assert.NotEqual(Guid.Empty, next);
        Assert.NotEqual(first, next);
    }

    [Fact]
    public async Task AnInterleavedCallWaitsForAnActivationInProgress()
    {
        var key = Guid.NewGuid();
        var hold = ProbeGrain.HoldNextActivation[key] = new ProbeSignals();
        var activating = Grains.GetGrain<IProbeGrain>(key).GetActivationIdAsync();
        await hold.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The activation exists (with its instance) but OnActivateAsync has not finished: the call must wait for its turn.
        var interleaved = Grains.GetGrain<IProbeGrain>(key).GetActivatedIdInterleavedAsync().AsTask();
        hold.Release.TrySetResult();

        var id = await activating;
        Assert.Equal(id, await interleaved);
    }

    [Fact]
    public async Task TheFirstInterleavedCallRunsAfterTheActivationTurnNotInIt()
    {
        var grain = Grains.GetGrain<IProbeGrain>(Guid.NewGuid());

        // The call asks for a turn of its own: run inside the activation's turn it would wait for itself (and time out here).
        Assert.False(await grain.WasAnyoneInsideDuringOwnTurnAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task AGrainsOwnTurnWaitsForTheWriteTurnInside()
    {
        var (grain, signals, write) = await WithCallInsideAsync(g => g.HoldWriteTurnAsync());

        // Asked from an interleaved call while the write turn is inside: the turn it asks for runs after that one.
        var own = grain.WasAnyoneInsideDuringOwnTurnAsync().AsTask();
        signals.Release.TrySetResult();
        await write;

        Assert.False(await own);
    }

    [Fact]
    public async Task ValueTaskMethodsRunAsWriteTurnsAndReadOnlyCalls()
    {
        var grain = Grains.GetGrain<IProbeGrain>(Guid.NewGuid());

        // The first call of an activation is read-only: it activates it in a turn of its own.
        Assert.Equal(0, await grain.GetPingsAsync());
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () => await grain.PingAsync())));

        Assert.Equal(20, await grain.GetPingsAsync());
    }

    [Fact]
    public async Task EveryReferenceToOneKeyReachesTheSameActivation()
    {
        var key = Guid.NewGuid();

        var ids = await Task.WhenAll(
            Enumerable.Range(0, 20).Select(_ => Task.Run(() => Grains.GetGrain<IProbeGrain>(key).GetActivationIdAsync())));

        Assert.Single(ids.Distinct());
        Assert.NotEqual(ids[0], await Grains.GetGrain<IProbeGrain>(Guid.NewGuid()).GetActivationIdAsync());
    }

    [Fact]
    public async Task AFailedActivationIsDiscardedAndTheNextCallActivatesAnew()
    {
        var key = Guid.NewGuid();
        ProbeGrain.FailNextActivation[key] = true;

        await Assert.ThrowsAsync<InvalidOperationException>(() => Grains.GetGrain<IProbeGrain>(key).GetActivationIdAsync());

        Assert.NotEqual(Guid.Empty, await Grains.GetGrain<IProbeGrain>(key).GetActivationIdAsync());
    }

    [Fact]
    public async Task AGrainExceptionReachesTheCallerAndTheActivationStays()
    {
        var grain = Grains.GetGrain<IProbeGrain>(Guid.NewGuid());
        var before = await grain.GetActivationIdAsync();

        await Assert.ThrowsAsync<ArithmeticException>(grain.ThrowAsync);

        Assert.Equal(before, await grain.GetActivationIdAsync());
    }

    [Fact]
    public async Task DeactivateOnIdleDropsTheActivationAfterTheTurn()
    {
        var key = Guid.NewGuid();
        var grain = Grains.GetGrain<IProbeGrain>(key);
        var before = await grain.GetActivationIdAsync();

        await grain.LeaveAsync();

        Assert.Equal(DeactivationReason.ApplicationRequested, await DeactivationOf(key));
        Assert.NotEqual(before, await grain.GetActivationIdAsync());
    }

    [Fact]
    public async Task IdleActivationsAreDeactivated()
    {
        using var silo = await StartSiloAsync("00:00:00.200");
        var key = Guid.NewGuid();
        var deactivated = DeactivationOf(key);

        await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IProbeGrain>(key).GetActivationIdAsync();

        Assert.Equal(DeactivationReason.IdleTimeout, await deactivated);
        await silo.StopAsync();
    }

    [Fact]
    public async Task StoppingTheSiloDeactivatesEverything()
    {
        using var silo = await StartSiloAsync("00:00:00");
        var key = Guid.NewGuid();
        await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IProbeGrain>(key).GetActivationIdAsync();

        await silo.StopAsync();

        Assert.Equal(DeactivationReason.ShuttingDown, await DeactivationOf(key));
    }

    [Fact]
    public async Task HostControlCanDeactivateOneKey()
    {
        var key = Guid.NewGuid();
        await Grains.GetGrain<IProbeGrain>(key).GetActivationIdAsync();
        var control = _silo.Services.GetRequiredService<IActivationControl>();

        Assert.True(await control.DeactivateAsync<IProbeGrain>(key, DeactivationReason.Invalidated));
        Assert.Equal(DeactivationReason.Invalidated, await DeactivationOf(key));
        Assert.False(await control.DeactivateAsync<IProbeGrain>(key, DeactivationReason.Invalidated));
    }

    // Waits on the grain's own signal; the timeout only turns a hang into a failure.
    // A fresh, active probe grain with `hold` inside (a call that stays inside until the test sets signals.Release): the
    // grain, its signals and the held call.
    private async Task<(IProbeGrain Grain, ProbeSignals Signals, Task Held)> WithCallInsideAsync(Func<IProbeGrain, Task> hold)
    {
        var key = Guid.NewGuid();
        var grain = Grains.GetGrain<IProbeGrain>(key);
        await grain.GetActivationIdAsync();
        var signals = ProbeGrain.SignalsFor(key);
        var held = hold(grain);
        await signals.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return (grain, signals, held);
    }

    private static Task<DeactivationReason> DeactivationOf(Guid key) =>
        ProbeGrain.Deactivations.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously))
            .Task.WaitAsync(TimeSpan.FromSeconds(30));
}
