using System.Reflection;

namespace ChatBlock.Silo.Runtime;

/// <summary>Creates <see cref="GrainReference"/> proxies bound to this silo's <see cref="Catalog"/>.</summary>
/// <remarks>
/// <see cref="DispatchProxy.Create(Type, Type)"/> looks up the emitted proxy type and instantiates it through reflection (about
/// 0.5 µs and 300 bytes a call), so it runs once per grain interface; every reference is a shallow copy of that prototype
/// with its own catalog and id. A reference holds nothing else, so the copy behaves exactly like a freshly created proxy.
/// </remarks>
internal sealed class GrainFactory(Catalog catalog) : IGrainFactory
{
    /// <inheritdoc />
    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey)
        where TGrainInterface : IGrainWithGuidKey =>
        (TGrainInterface)(object)Prototype<TGrainInterface>.Instance.CopyFor(catalog, new GrainId(typeof(TGrainInterface), primaryKey));

    /// <summary>
    /// The one proxy made by <see cref="DispatchProxy"/> for <typeparamref name="TGrainInterface"/>; never called itself.
    /// </summary>
    private static class Prototype<TGrainInterface>
    {
        public static readonly GrainReference Instance =
            (GrainReference)DispatchProxy.Create(typeof(TGrainInterface), typeof(GrainReference));
    }
}
