namespace ChatBlock.Silo.Runtime;

/// <summary>Settings of the grain runtime, bound from the <c>Silo</c> configuration section.</summary>
public sealed class SiloOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Silo";

    /// <summary>
    /// An activation that received no call for this long is deactivated (SPEC section 7: <c>Silo:IdleDeactivation</c>,
    /// default 10 minutes). Zero or negative turns idle deactivation off.
    /// </summary>
    public TimeSpan IdleDeactivation { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a stopping silo (SIGTERM) goes on serving the requests it has accepted before it closes their connections
    /// (<c>Silo:DrainTimeout</c>, default 20 seconds; issue 14). <c>/readyz</c> answers 503 from the first moment of the drain;
    /// the grains are deactivated after it. Zero closes connections at once.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>This silo's name in logs and in cluster notifications; a random one is chosen at start when empty.</summary>
    public string SiloId { get; set; } = "";
}
