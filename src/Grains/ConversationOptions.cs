namespace ChatBlock.Grains;

/// <summary>Conversation settings, bound from the <c>Conversations</c> configuration section (SPEC section 11).</summary>
public sealed class ConversationOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Conversations";

    /// <summary>
    /// Most members a group may be created with, the creator included (at least 2). Default 256. A request past it is
    /// <c>400 request.invalid</c>, so that one user cannot make every member's conversation list huge (issue 11, item 9).
    /// </summary>
    public int MaxGroupSize { get; set; } = 256;
}
