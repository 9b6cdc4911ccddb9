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
}
