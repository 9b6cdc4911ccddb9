namespace ChatBlock.Grains;

/// <summary>Blocking settings, bound from the <c>Blocking</c> configuration section (SPEC section 7).</summary>
public sealed class BlockingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Blocking";

    /// <summary>
    /// What a sender learns when the recipient blocks them (SPEC section 5). Default <see cref="DisclosurePolicy.Explicit"/>.
    /// </summary>
    public DisclosurePolicy Disclosure { get; set; } = DisclosurePolicy.Explicit;

    /// <summary>
    /// Whether creating a group or adding members may put a user together with someone who blocks them (SPEC section 10).
    /// Default <see cref="GroupAddPolicy.Deny"/>.
    /// </summary>
    public GroupAddPolicy GroupAdds { get; set; } = GroupAddPolicy.Deny;

    /// <summary>Rate limit of block requests.</summary>
    public BlockRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Timed blocks (SPEC section 10).</summary>
    public TimedBlockOptions TimedBlocks { get; set; } = new();
}

/// <summary>Per-user rate limit of block requests (SPEC section 6, after seed 002: 10 per hour).</summary>
public sealed class BlockRateLimitOptions
{
    /// <summary>
    /// Blocks one user may make per sliding hour, counted across all silos from the audit trail; refused attempts (self, unknown
    /// user, already blocked) and idempotent repeats use none; 0 turns the limit off. Default 10.
    /// </summary>
    public int PermitsPerHour { get; set; } = 10;

    /// <summary>
    /// Reports one user may make per sliding day with "report and block" (SPEC section 10), counted across all silos from the
    /// stored reports, apart from <see cref="PermitsPerHour"/>; a refused request stores nothing; 0 turns the limit off. Default 20.
    /// </summary>
    public int ReportsPerDay { get; set; } = 20;
}
