using System.Reflection;

namespace ChatBlock.Silo.Runtime;

/// <summary>
/// The object <see cref="IGrainFactory.GetGrain{TGrainInterface}"/> returns: a proxy implementing the grain interface that
/// routes every call to the activation for its key, creating it when needed (Orleans' <c>GrainReference</c>).
/// </summary>
public class GrainReference : DispatchProxy
{
    private Catalog? _catalog;

    /// <summary>The grain this reference points to.</summary>
    public GrainId Id { get; private set; }

    internal Catalog Catalog => _catalog ?? throw new InvalidOperationException("The reference was not initialised.");

    /// <summary>A reference of the same proxy type for <paramref name="id"/>: a shallow copy of this one, re-pointed.</summary>
    internal GrainReference CopyFor(Catalog catalog, GrainId id)
    {
        var copy = (GrainReference)MemberwiseClone();
        copy._catalog = catalog;
        copy.Id = id;
        return copy;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return GrainMethodInvoker.Invoke(this, targetMethod, args);
    }
}
