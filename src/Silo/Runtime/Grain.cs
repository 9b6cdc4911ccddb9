namespace ChatBlock.Silo.Runtime;

/// <summary>
/// Base class of every grain (Orleans' <c>Grain</c>). The runtime creates one instance per key per silo on the first call
/// and runs its calls one at a time, so grain code needs no locks; only methods marked <see cref="ReadOnlyAttribute"/> run
/// alongside each other, never alongside the others, and methods marked <see cref="AlwaysInterleaveAttribute"/> run alongside
/// anything.
/// </summary>
public abstract class Grain
{
    private GrainActivation? _activation;
    private SelfReference? _self;

    /// <summary>
    /// Creates references to other grains. Calls between grains must go one way only, or two turns can wait on each other.
    /// </summary>
    protected IGrainFactory GrainFactory => Activation.Catalog.GrainFactory;

    private GrainActivation Activation =>
        _activation ?? throw new InvalidOperationException("The grain is not attached to an activation yet.");

    /// <summary>The key this activation was created for.</summary>
    public Guid GetPrimaryKey() => Activation.Key;

    /// <summary>Runs once, in the activation's first turn, before the call that caused it. Load state here; keep it cheap.</summary>
    /// <remarks>An exception thrown here fails that call and discards the activation; the next call tries again.</remarks>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once, in a turn of its own, before the activation is dropped.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Asks the runtime to drop this activation once the current turn has finished; the next call activates anew.</summary>
    protected void DeactivateOnIdle() => Activation.DeactivateAfterTurn = true;

    /// <summary>
    /// Runs <paramref name="call"/> in a write turn of this grain, as a call through a reference to itself would: queued behind
    /// the turns before it, with the read-only calls inside drained first, on whichever activation holds the key by then (the
    /// instance <paramref name="call"/> is given, which is this one unless this one was deactivated meanwhile). For an
    /// interleaved method (<see cref="AlwaysInterleaveAttribute"/>) that finds work only a turn may do, e.g. a reload of stale
    /// state that must not race with a write turn.
    /// </summary>
    /// <remarks>
    /// Never await it from inside a turn or a read-only call of this same grain: the turn it asks for waits for that call to end.
    /// Faults of <paramref name="call"/> reach the caller; the activation stays.
    /// </remarks>
    /// <typeparam name="TArgs">The arguments: a value or a value tuple.</typeparam>
    /// <typeparam name="TResult">What <paramref name="call"/> returns.</typeparam>
    /// <param name="call">The work to do in the turn; best a static lambda, so that it allocates nothing.</param>
    /// <param name="args">Its arguments.</param>
    protected ValueTask<TResult> InvokeInTurnAsync<TArgs, TResult>(Func<Grain, TArgs, ValueTask<TResult>> call, TArgs args)
    {
        // Two interleaved callers may both create one; either is as good.
        var self = _self ??= new SelfReference(Activation);
        return Activation.Catalog.InvokeAsync(self, call, args);
    }

    internal void Attach(GrainActivation activation) => _activation = activation;
}
