using System.Runtime.CompilerServices;

namespace ChatBlock.Silo.Runtime;

/// <summary>
/// Where the grain references generated at build time (by <c>ChatBlock.Silo.CodeGenerator</c>) are registered, one factory
/// per grain interface, by a module initializer of the assembly that declares the interface.
/// </summary>
public static class GrainReferenceRegistry
{
    /// <summary>Registers how references for <typeparamref name="TGrainInterface"/> are made; called by generated code.</summary>
    /// <param name="create">Makes an unbound reference; the factory binds it to its catalog and grain id.</param>
    public static void Register<TGrainInterface>(Func<GrainReference> create)
        where TGrainInterface : IGrainWithGuidKey
    {
        ArgumentNullException.ThrowIfNull(create);
        Factory<TGrainInterface>.Create = create;
    }

    /// <summary>An unbound reference for <typeparamref name="TGrainInterface"/>.</summary>
    /// <exception cref="InvalidOperationException">No reference was generated for the interface.</exception>
    internal static GrainReference Create<TGrainInterface>()
        where TGrainInterface : IGrainWithGuidKey =>
        (Factory<TGrainInterface>.Create ?? Load<TGrainInterface>())();

    /// <summary>
    /// Runs the module initializer of the interface's assembly (a no-op once it has run): loading a type alone does not run
    /// it, so the first reference of an interface asks for it explicitly.
    /// </summary>
    private static Func<GrainReference> Load<TGrainInterface>()
        where TGrainInterface : IGrainWithGuidKey
    {
        RuntimeHelpers.RunModuleConstructor(typeof(TGrainInterface).Module.ModuleHandle);
        return Factory<TGrainInterface>.Create ?? throw new InvalidOperationException(
            $"No grain reference was generated for {typeof(TGrainInterface)}: its project must reference "
            + "ChatBlock.Silo.CodeGenerator as an analyzer.");
    }

    /// <summary>One static slot per interface: found without a dictionary look-up.</summary>
    private static class Factory<TGrainInterface>
    {
        public static Func<GrainReference>? Create;
    }
}
