namespace ChatBlock.Storage.Clustering;

/// <summary>Topic names used on the <see cref="IClusterChannel"/>.</summary>
public static class ClusterTopics
{
    /// <summary>A block row changed; the payload is the blocker's id. Silos drop their activation of that user.</summary>
    public const string Blocks = "blocks";

    /// <summary>A live event for the web client (issue 4); the payload is its JSON.</summary>
    public const string Events = "events";

    /// <summary>
    /// A user's account changed in a way that affects their tokens (password change, logout, deletion); the payload is the user's
    /// id. Silos drop their activation of that user, so the next request reloads its security stamp and revoked tokens.
    /// </summary>
    public const string Accounts = "accounts";

    /// <summary>
    /// A group's participants changed (SPEC section 10); the payload is the conversation id. Silos drop their copy of its record.
    /// </summary>
    public const string Conversations = "conversations";
}
