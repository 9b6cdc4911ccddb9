using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBlock.Silo.Runtime;

/// <summary>
/// This silo's activations (Orleans' <c>Catalog</c>): at most one per grain id, created on the first call, driven one write turn
/// at a time (read-only calls alongside each other, between turns; interleaved calls at any time), dropped when idle,
/// invalidated or at shutdown.
/// </summary>
internal sealed partial class Catalog : IActivationControl
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();
    private readonly IServiceProvider _services;
    private readonly GrainTypeRegistry _registry;
    private readonly ILogger<Catalog> _logger;
    private readonly Func<GrainId, GrainActivation> _createActivation;

    public Catalog(IServiceProvider services, GrainTypeRegistry registry, IOptions<SiloOptions> options, ILogger<Catalog> logger)
    {
        _services = services;
        _registry = registry;
        _logger = logger;
        Options = options.Value;
        GrainFactory = new GrainFactory(this);
        _createActivation = id => new GrainActivation(this, id);
    }

    public SiloOptions Options { get; }

    public IGrainFactory GrainFactory { get; }

    /// <inheritdoc />
    public int ActivationCount => _activations.Count;

    /// <inheritdoc />
    public IReadOnlyDictionary<Type, int> CountActivationsByType()
    {
        var counts = new Dictionary<Type, int>();
        foreach (var activation in _activations.Values)
        {
            var grainClass = _registry.GrainClassOrInterface(activation.Id.Interface);
            counts[grainClass] = counts.GetValueOrDefault(grainClass) + 1;
        }

        return counts;
    }

    /// <inheritdoc />
    public event Action<GrainId, DeactivationReason>? Deactivated;

    /// <summary>
    /// Runs <paramref name="call"/> in a write turn of the activation <paramref name="reference"/> points to, activating it
    /// first if needed.
    /// </summary>
    public async ValueTask<TResult> InvokeAsync<TArgs, TResult>(
        GrainReference reference, Func<Grain, TArgs, ValueTask<TResult>> call, TArgs args)
    {
        while (true)
        {
            var activation = Find(reference);
            await activation.EnterTurnAsync().ConfigureAwait(false);
            try
            {
                if (activation.State == ActivationState.Deactivated)
                {
                    // Lost a race with a deactivation: the next lookup finds or creates a fresh activation.
                    reference.Activation = null;
                    continue;
                }

                if (activation.State == ActivationState.Created)
                {
                    await ActivateAsync(activation).ConfigureAwait(false);
                }

                reference.Activation = activation;
                var result = await call(activation.Instance!, args).ConfigureAwait(false);
                if (activation.DeactivateAfterTurn)
                {
                    await DeactivateInTurnAsync(activation, DeactivationReason.ApplicationRequested).ConfigureAwait(false);
                }

                return result;
            }
            finally
            {
                activation.LastUsedTicks = Environment.TickCount64;
                activation.ExitTurn();
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/> as a read-only call (<see cref="ReadOnlyAttribute"/>) on the activation
    /// <paramref name="reference"/> points to: without a turn when the activation is active and no write turn holds it, else
    /// in a turn of its own as <see cref="InvokeAsync{TArgs, TResult}"/>. A call that completes synchronously costs one
    /// compare-and-swap and one decrement, and allocates nothing.
    /// </summary>
    public ValueTask<TResult> InvokeReadOnlyAsync<TArgs, TResult>(
        GrainReference reference, Func<Grain, TArgs, ValueTask<TResult>> call, TArgs args)
    {
        var activation = Find(reference);
        if (!activation.TryEnterRead())
        {
            return InvokeAsync(reference, call, args);
        }

        if (activation.State != ActivationState.Active)
        {
            // Not activated yet (the turn activates it) or already gone (the turn finds the next one).
            ExitRead(activation);
            reference.Activation = null;
            return InvokeAsync(reference, call, args);
        }

        reference.Activation = activation;
        ValueTask<TResult> pending;
        try
        {
            pending = call(activation.Instance!, args);
        }
        catch
        {
            ExitRead(activation);
            throw;
        }

        if (pending.IsCompleted)
        {
            ExitRead(activation);
            return pending;
        }

        return AwaitReadAsync(activation, pending);
    }

    /// <summary>
    /// Runs <paramref name="call"/> as an interleaved call (<see cref="AlwaysInterleaveAttribute"/>) on the activation
    /// <paramref name="reference"/> points to: at once, with no turn and no reader count, when the activation is active (even while
    /// a write turn holds it); else after a turn that activates it (or finds the next one), and then outside that turn, so that an
    /// interleaved call never runs inside a turn of its grain and may ask for one (<see cref="Grain.InvokeInTurnAsync{TArgs, TResult}"/>). On an
    /// active activation this is a state check, a flag check and the call: no interlocked operation, no allocation.
    /// </summary>
    public ValueTask<TResult> InvokeInterleavedAsync<TArgs, TResult>(
        GrainReference reference, Func<Grain, TArgs, ValueTask<TResult>> call, TArgs args)
    {
        var activation = reference.Activation;
        if (activation is null || activation.State != ActivationState.Active)
        {
            activation = _activations.GetOrAdd(reference.Id, _createActivation);
            if (activation.State != ActivationState.Active)
            {
                // Not activated yet (the turn activates it) or already gone (the turn finds the next one).
                reference.Activation = null;
                return ActivateThenInterleaveAsync(reference, call, args);
            }

            reference.Activation = activation;
        }

        activation.MarkUsed();
        return call(activation.Instance!, args);
    }

    // The slow path of an interleaved call: an empty turn to activate (as any first call; it also finds the next activation after
    // a deactivation), then the call beside whatever runs by then, outside that turn.
    private async ValueTask<TResult> ActivateThenInterleaveAsync<TArgs, TResult>(
        GrainReference reference, Func<Grain, TArgs, ValueTask<TResult>> call, TArgs args)
    {
        var grain = await InvokeAsync(reference, static (grain, _) => new ValueTask<Grain>(grain), default(ValueTuple))
            .ConfigureAwait(false);
        return await call(grain, args).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> DeactivateAsync<TGrainInterface>(Guid key, DeactivationReason reason)
        where TGrainInterface : IGrainWithGuidKey =>
        _activations.TryGetValue(new GrainId(typeof(TGrainInterface), key), out var activation)
            ? DeactivateAsync(activation, reason)
            : Task.FromResult(false);

    /// <inheritdoc />
    public async Task<int> DeactivateAllAsync<TGrainInterface>(DeactivationReason reason)
        where TGrainInterface : IGrainWithGuidKey
    {
        var matching = _activations.Values.Where(a => a.Id.Interface == typeof(TGrainInterface)).ToList();
        var results = await Task.WhenAll(matching.Select(a => DeactivateAsync(a, reason))).ConfigureAwait(false);
        return results.Count(deactivated => deactivated);
    }

    /// <summary>The activation the reference reached last if it is still there, else the one in the catalog (created if none).</summary>
    private GrainActivation Find(GrainReference reference) =>
        reference.Activation is { State: not ActivationState.Deactivated } cached
            ? cached
            : _activations.GetOrAdd(reference.Id, _createActivation);

    private async ValueTask<TResult> AwaitReadAsync<TResult>(GrainActivation activation, ValueTask<TResult> pending)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        finally
        {
            ExitRead(activation);
        }
    }

    private void ExitRead(GrainActivation activation)
    {
        activation.ExitRead();
        if (activation.DeactivateAfterTurn)
        {
            // A read-only call asked for it: deactivate in a turn of its own once the readers are out.
            _ = DeactivateAsync(activation, DeactivationReason.ApplicationRequested);
        }
    }

    /// <summary>Deactivates every activation that has had no turn for <see cref="SiloOptions.IdleDeactivation"/>.</summary>
    /// <returns>How many were deactivated.</returns>
    public async Task<int> CollectIdleAsync()
    {
        var idleMs = (long)Options.IdleDeactivation.TotalMilliseconds;
        var now = Environment.TickCount64;
        var count = 0;
        foreach (var activation in _activations.Values)
        {
            if (activation.ReadSinceScan)
            {
                // Read-only and interleaved calls since the last scan count as a use now (they do not read the clock themselves).
                activation.ReadSinceScan = false;
                activation.LastUsedTicks = now;
                continue;
            }

            // A busy activation is not idle: skip it rather than wait for its turn.
            if (now - activation.LastUsedTicks >= idleMs && activation.Turn.CurrentCount > 0 && activation.Readers == 0
                && await DeactivateAsync(activation, DeactivationReason.IdleTimeout).ConfigureAwait(false))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Deactivates everything; used when the silo stops.</summary>
    public Task DeactivateAllAsync(DeactivationReason reason) =>
        Task.WhenAll(_activations.Values.ToList().Select(a => DeactivateAsync(a, reason)));

    private async Task<bool> DeactivateAsync(GrainActivation activation, DeactivationReason reason)
    {
        await activation.EnterTurnAsync().ConfigureAwait(false);
        try
        {
            return await DeactivateInTurnAsync(activation, reason).ConfigureAwait(false);
        }
        finally
        {
            activation.ExitTurn();
        }
    }

    private async Task ActivateAsync(GrainActivation activation)
    {
        try
        {
            var grain = (Grain)ActivatorUtilities.CreateInstance(_services, _registry.GetGrainClass(activation.Id.Interface));
            grain.Attach(activation);
            activation.Instance = grain;
            await grain.OnActivateAsync(CancellationToken.None).ConfigureAwait(false);
            activation.State = ActivationState.Active;
        }
        catch
        {
            // A failed activation is discarded so that the next call starts clean; the caller sees the fault.
            activation.State = ActivationState.Deactivated;
            _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.Id, activation));
            throw;
        }
    }

    private async Task<bool> DeactivateInTurnAsync(GrainActivation activation, DeactivationReason reason)
    {
        if (activation.State == ActivationState.Deactivated)
        {
            return false;
        }

        var wasActive = activation.State == ActivationState.Active;
        activation.State = ActivationState.Deactivated;
        _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.Id, activation));
        if (wasActive)
        {
            try
            {
                await activation.Instance!.OnDeactivateAsync(reason, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The activation is gone either way; its state lives in storage, so a failed hook loses nothing acknowledged.
                LogDeactivationFailed(ex, activation.Id);
            }
        }

        LogDeactivated(activation.Id, reason);
        Deactivated?.Invoke(activation.Id, reason);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Activation {GrainId} deactivated ({Reason})")]
    private partial void LogDeactivated(GrainId grainId, DeactivationReason reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "OnDeactivateAsync of {GrainId} failed")]
    private partial void LogDeactivationFailed(Exception exception, GrainId grainId);
}
