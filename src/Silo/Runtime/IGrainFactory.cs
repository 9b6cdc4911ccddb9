namespace ChatBlock.Silo.Runtime;

/// <summary>Hands out references to grains (Orleans' <c>IGrainFactory</c>).</summary>
/// <remarks>
/// A reference is cheap and holds no activation: every call through it finds or creates the activation for its key on this
/// silo, so a reference kept across an idle deactivation keeps working.
/// </remarks>
public interface IGrainFactory
{
    /// <summary>Returns a reference to the grain of interface <typeparamref name="TGrainInterface"/> with the given key.</summary>
    /// <exception cref="InvalidOperationException">No grain class was registered for <typeparamref name="TGrainInterface"/>.</exception>
    TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey)
        where TGrainInterface : IGrainWithGuidKey;
}
