namespace ChatBlock.Silo.Runtime;

/// <summary>
/// One grain class for one grain interface, as registered by <see cref="SiloServiceCollectionExtensions.AddGrain{TInterface, TGrain}"/>.
/// </summary>
/// <param name="GrainInterface">The interface callers use.</param>
/// <param name="GrainClass">The <see cref="Grain"/> subclass that activates for it.</param>
public sealed record GrainRegistration(Type GrainInterface, Type GrainClass);

/// <summary>Which grain class implements which grain interface; a later registration for the same interface wins.</summary>
internal sealed class GrainTypeRegistry
{
    private readonly Dictionary<Type, Type> _classes = [];

    public GrainTypeRegistry(IEnumerable<GrainRegistration> registrations)
    {
        foreach (var registration in registrations)
        {
            Add(registration.GrainInterface, registration.GrainClass);
        }
    }

    private void Add(Type grainInterface, Type grainClass)
    {
        if (!grainInterface.IsInterface || !typeof(IGrainWithGuidKey).IsAssignableFrom(grainInterface))
        {
            throw new ArgumentException($"{grainInterface} is not a grain interface.", nameof(grainInterface));
        }

        if (!typeof(Grain).IsAssignableFrom(grainClass) || !grainInterface.IsAssignableFrom(grainClass))
        {
            throw new ArgumentException($"{grainClass} must derive from Grain and implement {grainInterface}.", nameof(grainClass));
        }

        _classes[grainInterface] = grainClass;
    }

    public Type GetGrainClass(Type grainInterface) =>
        _classes.TryGetValue(grainInterface, out var grainClass)
            ? grainClass
            : throw new InvalidOperationException($"No grain class is registered for {grainInterface}.");

    /// <summary>The grain class registered for <paramref name="grainInterface"/>, or the interface itself when none is.</summary>
    public Type GrainClassOrInterface(Type grainInterface) => _classes.GetValueOrDefault(grainInterface, grainInterface);
}
