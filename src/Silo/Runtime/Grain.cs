namespace ChatBlock.Silo.Runtime;

/// <summary>
/// Base class of every grain (Orleans' <c>Grain</c>). The runtime creates one instance per key per silo on the first call
/// and runs its calls one at a time, so grain code needs no locks; only methods marked <see cref="ReadOnlyAttribute"/> run
/// alongside each other, never alongside the others.
/// </summary>
public abstract class Grain
{
    private GrainActivation? _activation;

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

    internal void Attach(GrainActivation activation) => _activation = activation;
}
