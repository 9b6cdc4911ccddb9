namespace ChatBlock.Silo.Runtime;

/// <summary>One grain instance for one key on this silo, with the turn gate that lets its calls run one at a time.</summary>
internal sealed class GrainActivation(Catalog catalog, GrainId id)
{
    public Catalog Catalog { get; } = catalog;

    public GrainId Id { get; } = id;

    public Guid Key => Id.Key;

    /// <summary>Held for the length of one turn: a call, an activation or a deactivation.</summary>
    public SemaphoreSlim Turn { get; } = new(1, 1);

    public ActivationState State { get; set; } = ActivationState.Created;

    public Grain? Instance { get; set; }

    /// <summary><see cref="Environment.TickCount64"/> at the end of the last turn.</summary>
    public long LastUsedTicks { get; set; } = Environment.TickCount64;

    public bool DeactivateAfterTurn { get; set; }
}

/// <summary>Where an activation is in its life.</summary>
internal enum ActivationState
{
    Created,
    Active,
    Deactivated,
}

/// <summary>A grain's identity on a silo: its interface and its key.</summary>
/// <param name="Interface">The grain interface the reference was made for.</param>
/// <param name="Key">The grain's primary key.</param>
public readonly record struct GrainId(Type Interface, Guid Key)
{
    /// <inheritdoc />
    public override string ToString() => $"{Interface.Name}/{Key}";
}
