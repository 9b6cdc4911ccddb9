using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBlock.Silo.Runtime;

/// <summary>
/// This silo's activations (Orleans' <c>Catalog</c>): at most one per grain id, created on the first call, driven one turn at
/// a time, dropped when idle, invalidated or at shutdown.
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
    public event Action<GrainId, DeactivationReason>? Deactivated;

    /// <summary>
    /// Runs <paramref name="call"/> in a turn of the activation for <paramref name="id"/>, activating it first if needed.
    /// </summary>
    public async Task<TResult> InvokeAsync<TState, TResult>(GrainId id, Func<Grain, TState, Task<TResult>> call, TState state)
    {
        while (true)
        {
            var activation = _activations.GetOrAdd(id, _createActivation);
            await activation.Turn.WaitAsync().ConfigureAwait(false);
            try
            {
                if (activation.State == ActivationState.Deactivated)
                {
                    // Lost a race with a deactivation: the next lookup finds or creates a fresh activation.
                    continue;
                }

                if (activation.State == ActivationState.Created)
                {
                    await ActivateAsync(activation).ConfigureAwait(false);
                }

                var result = await call(activation.Instance!, state).ConfigureAwait(false);
                if (activation.DeactivateAfterTurn)
                {
                    await DeactivateInTurnAsync(activation, DeactivationReason.ApplicationRequested).ConfigureAwait(false);
                }

                return result;
            }
            finally
            {
                activation.LastUsedTicks = Environment.TickCount64;
                activation.Turn.Release();
            }
        }
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

    /// <summary>Deactivates every activation that has had no turn for <see cref="SiloOptions.IdleDeactivation"/>.</summary>
    /// <returns>How many were deactivated.</returns>
    public async Task<int> CollectIdleAsync()
    {
        var idleMs = (long)Options.IdleDeactivation.TotalMilliseconds;
        var now = Environment.TickCount64;
        var count = 0;
        foreach (var activation in _activations.Values)
        {
            // A busy activation is not idle: skip it rather than wait for its turn.
            if (now - activation.LastUsedTicks >= idleMs && activation.Turn.CurrentCount > 0
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
        await activation.Turn.WaitAsync().ConfigureAwait(false);
        try
        {
            return await DeactivateInTurnAsync(activation, reason).ConfigureAwait(false);
        }
        finally
        {
            activation.Turn.Release();
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
