namespace ChatBlock.Api.Limits;

/// <summary>The conversation creation limit, bound from <c>Conversations:RateLimit</c> (SPEC section 11).</summary>
public sealed class ConversationsRateLimitOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Conversations:RateLimit";

    /// <summary>
    /// Requests to open a direct conversation or create a group, per user per sliding hour, counted per silo; 0 turns it off.
    /// Default 60.
    /// </summary>
    public int PermitsPerHour { get; set; } = 60;
}
