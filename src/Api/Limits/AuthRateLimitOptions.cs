namespace ChatBlock.Api.Limits;

/// <summary>Sign-in and registration limits, bound from <c>Auth:RateLimit</c> (SPEC section 11; issue 11 item 8).</summary>
public sealed class AuthRateLimitOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Auth:RateLimit";

    /// <summary>
    /// Sign-in attempts per sliding minute, per client address and per account (both must have a permit), counted in the database
    /// across all silos; 0 turns it off. Default 10.
    /// </summary>
    public int LoginPermitsPerMinute { get; set; } = 10;

    /// <summary>Registrations per sliding hour per client address, counted per silo; 0 turns it off. Default 20.</summary>
    public int RegisterPermitsPerHour { get; set; } = 20;
}
