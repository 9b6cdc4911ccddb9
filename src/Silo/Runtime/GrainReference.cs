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

    internal void Initialize(Catalog catalog, GrainId id)
    {
        _catalog = catalog;
        Id = id;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return GrainMethodInvoker.Invoke(this, targetMethod, args);
    }
}
