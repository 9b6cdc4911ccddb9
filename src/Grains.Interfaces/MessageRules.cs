namespace ChatBlock.Grains;

/// <summary>What a message may contain (SPEC section 4: <c>400 message.invalid</c> otherwise).</summary>
public static class MessageRules
{
    /// <summary>Most characters (Unicode scalar values) a message may have.</summary>
    public const int MaxLength = 4000;

    /// <summary>The default <c>messageType</c>.</summary>
    public const string DefaultType = "text";

    /// <summary>The accepted values of <c>messageType</c>; for media types the content is a URL or caption.</summary>
    public static IReadOnlySet<string> Types { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "text", "image", "video", "audio", "file" };

    /// <summary>Why <paramref name="content"/> / <paramref name="messageType"/> are not acceptable, or null when they are.</summary>
    public static string? Validate(string? content, string? messageType)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return "Message content must not be empty.";
        }

        if (content.Length > MaxLength && content.EnumerateRunes().Count() > MaxLength)
        {
            return $"Message content must be at most {MaxLength} characters.";
        }

        return messageType is null || Types.Contains(messageType)
            ? null
            : $"Unknown message type '{messageType}'; expected one of: {string.Join(", ", Types)}.";
    }
}
