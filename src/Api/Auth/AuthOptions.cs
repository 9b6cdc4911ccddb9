namespace ChatBlock.Api.Auth;

/// <summary>Token settings, bound from the <c>Auth</c> configuration section (SPEC section 7).</summary>
public sealed class AuthOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Auth";

    /// <summary>
    /// HMAC-SHA256 key, at least 32 bytes as UTF-8. When empty, one is generated on first start and kept in
    /// <c>{Storage:DataPath}/signing-key</c>, so tokens survive restarts. Several silos must share one.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How long an access token is valid. Default 12 hours.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How many validated access tokens each bearer scheme keeps in memory until they expire (<see cref="ValidatedTokenCache"/>), so
    /// a client's later requests skip the signature check; 0 turns it off. Default 10,000 (a few KiB each). Revocation is checked
    /// on every request either way.
    /// </summary>
    public int ValidatedTokenCacheSize { get; set; } = 10_000;
}
