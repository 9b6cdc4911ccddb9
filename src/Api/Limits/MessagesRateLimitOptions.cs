namespace ChatBlock.Api.Limits;

/// <summary>The send limit, bound from <c>Messages:RateLimit</c> (SPEC section 11).</summary>
public sealed class MessagesRateLimitOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Messages:RateLimit";

    /// <summary>Sends per user per sliding minute, counted per silo; 0 turns it off. Default 120.</summary>
    public int PermitsPerMinute { get; set; } = 120;
}
