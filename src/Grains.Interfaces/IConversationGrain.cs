using ChatBlock.Silo.Runtime;

namespace ChatBlock.Grains;

/// <summary>What direct and group conversation grains share, keyed by conversation id.</summary>
/// <remarks>A caller that is not a participant is told the conversation does not exist (STYLE: a foreign resource is a 404).</remarks>
public interface IConversationGrain : IGrainWithGuidKey
{
    /// <summary>The conversation, or null if it does not exist or <paramref name="viewerId"/> is not a participant.</summary>
    [ReadOnly]
    Task<ConversationInfo?> GetAsync(Guid viewerId);

    /// <summary>
    /// Sends a message from <paramref name="senderId"/>; content and type must already satisfy <see cref="MessageRules"/>.
    /// </summary>
    Task<SendResult> SendAsync(Guid senderId, string content, string messageType);

    /// <summary>
    /// Messages as <paramref name="viewerId"/> sees them, newest first, strictly older than message <paramref name="before"/> when given,
    /// <paramref name="limit"/> at most; null if the viewer is not a participant.
    /// </summary>
    Task<IReadOnlyList<ChatMessage>?> GetMessagesAsync(Guid viewerId, Guid? before, int limit);
}

/// <summary>A 1:1 conversation: asks <b>both</b> users' grains before it accepts a message (SPEC sections 1 and 5).</summary>
public interface IDirectConversationGrain : IConversationGrain;

/// <summary>
/// A group conversation: messages are never checked against blocks (SPEC section 5), but joining is (SPEC section 10, "Groups").
/// </summary>
public interface IGroupConversationGrain : IConversationGrain
{
    /// <summary>
    /// Creates this group (a new id) of <paramref name="creatorId"/> and <paramref name="memberIds"/> (existing users other than the
    /// creator, no repeats), checked against the members' blocks of the creator under <see cref="GroupAddPolicy.Deny"/>.
    /// </summary>
    Task<GroupChangeResult> CreateAsync(Guid creatorId, string title, IReadOnlyList<Guid> memberIds);

    /// <summary>
    /// Adds <paramref name="userIds"/> (existing users; members already in are ignored) when <paramref name="adderId"/> is a member,
    /// checked like <see cref="CreateAsync"/> against the new members' blocks of the adder.
    /// </summary>
    Task<GroupChangeResult> AddMembersAsync(Guid adderId, IReadOnlyList<Guid> userIds);

    /// <summary>Removes <paramref name="userId"/> from the group; false when they are not a member.</summary>
    Task<bool> LeaveAsync(Guid userId);
}
