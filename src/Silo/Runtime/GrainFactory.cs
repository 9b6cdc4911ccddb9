using System.Reflection;

namespace ChatBlock.Silo.Runtime;

/// <summary>Creates <see cref="GrainReference"/> proxies bound to this silo's <see cref="Catalog"/>.</summary>
internal sealed class GrainFactory(Catalog catalog) : IGrainFactory
{
    /// <inheritdoc />
    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey)
        where TGrainInterface : IGrainWithGuidKey
    {
        var proxy = DispatchProxy.Create(typeof(TGrainInterface), typeof(GrainReference));
        ((GrainReference)proxy).Initialize(catalog, new GrainId(typeof(TGrainInterface), primaryKey));
        return (TGrainInterface)proxy;
    }
}
