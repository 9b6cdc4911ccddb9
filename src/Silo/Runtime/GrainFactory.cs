namespace ChatBlock.Silo.Runtime;

/// <summary>Creates the generated <see cref="GrainReference"/> subclasses, bound to this silo's <see cref="Catalog"/>.</summary>
/// <remarks>
/// The reference class of an interface is found in a static generic slot (<see cref="GrainReferenceRegistry"/>), so taking a
/// reference costs one small allocation and no look-up.
/// </remarks>
internal sealed class GrainFactory(Catalog catalog) : IGrainFactory
{
    /// <inheritdoc />
    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey)
        where TGrainInterface : IGrainWithGuidKey
    {
        var reference = GrainReferenceRegistry.Create<TGrainInterface>();
        reference.Bind(catalog, new GrainId(typeof(TGrainInterface), primaryKey));
        return (TGrainInterface)(object)reference;
    }
}
