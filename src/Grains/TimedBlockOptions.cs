namespace ChatBlock.Grains;

/// <summary>Timed blocks (SPEC section 10), bound from <c>Blocking:TimedBlocks</c>.</summary>
public sealed class TimedBlockOptions
{
    /// <summary>The shortest a timed block may last (<c>expiresAt</c> at least this far ahead). Default one hour; tests lower it.</summary>
    public TimeSpan MinDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How often each silo looks for expired blocks to remove, audit and announce (<c>block.expired</c>). The gate never waits for
    /// it: a block is ignored from the instant it expires. Default 5 seconds.
    /// </summary>
    public TimeSpan ExpiryInterval { get; set; } = TimeSpan.FromSeconds(5);
}
