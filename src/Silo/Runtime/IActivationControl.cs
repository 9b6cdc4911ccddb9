namespace ChatBlock.Silo.Runtime;

/// <summary>Lets the host drop activations on this silo, e.g. when a cluster notification says their state changed.</summary>
public interface IActivationControl
{
    /// <summary>Number of live activations on this silo.</summary>
    int ActivationCount { get; }

    /// <summary>
    /// Live activations on this silo by grain class (the <see cref="Grain"/> subclass registered for each interface): a snapshot
    /// taken by walking the catalog, for gauges (issue 14); costs one pass over the activations.
    /// </summary>
    IReadOnlyDictionary<Type, int> CountActivationsByType();

    /// <summary>
    /// Raised after an activation was deactivated, with its id and why; for diagnostics and for tests that wait on a cluster
    /// notification to have been applied. Handlers run on the deactivating thread and must not block.
    /// </summary>
    event Action<GrainId, DeactivationReason>? Deactivated;

    /// <summary>
    /// Deactivates the activation of <typeparamref name="TGrainInterface"/> with <paramref name="key"/>, if this silo has one.
    /// </summary>
    /// <returns><see langword="true"/> when there was one to deactivate. The next call activates it anew from storage.</returns>
    Task<bool> DeactivateAsync<TGrainInterface>(Guid key, DeactivationReason reason)
        where TGrainInterface : IGrainWithGuidKey;

    /// <summary>Deactivates every activation of <typeparamref name="TGrainInterface"/> on this silo.</summary>
    /// <returns>How many were deactivated.</returns>
    Task<int> DeactivateAllAsync<TGrainInterface>(DeactivationReason reason)
        where TGrainInterface : IGrainWithGuidKey;
}
