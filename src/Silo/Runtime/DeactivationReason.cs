namespace ChatBlock.Silo.Runtime;

/// <summary>Why an activation is being deactivated (after Orleans' <c>DeactivationReasonCode</c>).</summary>
public enum DeactivationReason
{
    /// <summary>No call arrived for <see cref="SiloOptions.IdleDeactivation"/>.</summary>
    IdleTimeout,

    /// <summary>The grain asked for it with <see cref="Grain.DeactivateOnIdle"/>.</summary>
    ApplicationRequested,

    /// <summary>The state behind it changed elsewhere (another silo or the database), so it must be reloaded.</summary>
    Invalidated,

    /// <summary>The silo is stopping.</summary>
    ShuttingDown,
}
