namespace ChatBlock.Storage;

/// <summary>
/// The storage provider behind the grains: SQLite (default), PostgreSQL (several silos) or memory (tests). The database is the
/// source of truth; grains keep copies in memory.
/// </summary>
/// <remarks>
/// Expected outcomes (username taken, already blocked, a refused send) come back as values. Exceptions mean infrastructure
/// faults (the database is unreachable) and must reach the caller unchanged so that nothing is acknowledged that was not stored.
/// Every timestamp passed in must be UTC with at most microsecond precision (see <see cref="StoreClock"/>).
/// Every change of a block row is published on <see cref="Clustering.ClusterTopics.Blocks"/> with the blocker's id, so that
/// every silo can drop its copy of that user's block set.
/// </remarks>
public interface IChatStore
{
    /// <summary>Creates or migrates the schema; safe to call from several silos at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Answers whether the database responds (readiness).</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a new user with its password hash.</summary>
    /// <returns><see langword="false"/> when the username is taken (nothing stored).</returns>
    Task<bool> TryCreateUserAsync(UserRecord user, string passwordHash, CancellationToken cancellationToken = default);

    /// <summary>The user with that id, or null.</summary>
    Task<UserRecord?> GetUserAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>The user with that (lower-case) username and its password hash, or null.</summary>
    Task<(UserRecord User, string PasswordHash)?> GetCredentialsAsync(string username, CancellationToken cancellationToken = default);

    /// <summary>
    /// Users whose username starts with <paramref name="usernamePrefix"/> (lower-case), by username, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<UserRecord>> SearchUsersAsync(string usernamePrefix, int limit, CancellationToken cancellationToken = default);

    /// <summary>Records the last authenticated activity of a user.</summary>
    Task UpdateLastSeenAsync(Guid userId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken = default);

    /// <summary>Every block row whose blocker is <paramref name="blockerId"/> (the user grain's outgoing block set).</summary>
    Task<IReadOnlyList<BlockRecord>> GetBlocksByBlockerAsync(Guid blockerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds the block row <c>(blocker, blocked)</c>, its audit row, and the pair's direct conversation if absent, in one transaction.
    /// </summary>
    /// <remarks>Both users must exist. The block is durable when this returns.</remarks>
    Task<BlockAddResult> AddBlockAsync(Guid blockerId, Guid blockedId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Removes the block row and writes its audit row in one transaction.</summary>
    /// <returns><see langword="false"/> when there was no such block (nothing changed).</returns>
    Task<bool> RemoveBlockAsync(Guid blockerId, Guid blockedId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Removes every block of <paramref name="blockerId"/>, with one audit row each, in one transaction.</summary>
    /// <returns>The users who were unblocked.</returns>
    Task<IReadOnlyList<Guid>> RemoveAllBlocksAsync(Guid blockerId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The audit trail of one actor, oldest first.</summary>
    Task<IReadOnlyList<AuditRecord>> GetAuditTrailAsync(Guid actorId, CancellationToken cancellationToken = default);

    /// <summary>The pair's direct conversation, created (with <paramref name="at"/>) if absent. One per unordered pair.</summary>
    Task<(ConversationRecord Conversation, bool Created)> GetOrCreateDirectConversationAsync(
        Guid userA, Guid userB, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Stores a new group conversation with its participants.</summary>
    Task CreateGroupConversationAsync(ConversationRecord conversation, CancellationToken cancellationToken = default);

    /// <summary>The conversation with that id, or null.</summary>
    Task<ConversationRecord?> GetConversationAsync(Guid conversationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The conversations <paramref name="userId"/> takes part in, most recent activity first: the last message
    /// <paramref name="userId"/> may see (others' sender-only messages do not count), else creation.
    /// </summary>
    Task<IReadOnlyList<ConversationRecord>> GetConversationsOfUserAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a direct message only if, in the same transaction, neither direction of the pair is blocked (SPEC section 3).
    /// </summary>
    /// <param name="message">The message; <see cref="MessageRecord.SenderOnly"/> is ignored.</param>
    /// <param name="recipientId">The other participant.</param>
    /// <param name="senderOnlyWhenRecipientBlocks">
    /// <see langword="true"/> under the <c>Shadow</c> policy: when only the recipient blocks the sender, store it visible to the
    /// sender alone instead of refusing.
    /// </param>
    /// <param name="cancellationToken">Cancels the wait for the database.</param>
    /// <returns>What was decided; a refused message is not stored. The sender's own block wins over the recipient's.</returns>
    Task<DirectSendOutcome> AppendDirectMessageAsync(
        MessageRecord message, Guid recipientId, bool senderOnlyWhenRecipientBlocks, CancellationToken cancellationToken = default);

    /// <summary>Stores a group message; never checked against blocks.</summary>
    Task AppendGroupMessageAsync(MessageRecord message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Messages of a conversation as <paramref name="viewerId"/> may see them (sender-only messages of others left out), newest first,
    /// strictly older than message <paramref name="before"/> when given, at most <paramref name="limit"/>.
    /// </summary>
    /// <remarks>A <paramref name="before"/> that is not a message of this conversation yields an empty list.</remarks>
    Task<IReadOnlyList<MessageRecord>> GetMessagesAsync(
        Guid conversationId, Guid viewerId, Guid? before, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Message <paramref name="messageId"/> as <paramref name="viewerId"/> may see it; null when there is no such message, the viewer
    /// takes no part in its conversation, or it is someone else's sender-only message. Live events read a message too large for a
    /// cluster notification with it.
    /// </summary>
    Task<MessageRecord?> GetMessageAsync(Guid messageId, Guid viewerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The messages <paramref name="viewerId"/> may see, in every conversation they take part in, that come after the position
    /// (<paramref name="afterTime"/>, <paramref name="afterId"/>): oldest first by creation time, then by id; at most
    /// <paramref name="limit"/>. A live event stream resumes from <c>Last-Event-ID</c> with it.
    /// </summary>
    Task<IReadOnlyList<MessageRecord>> GetMessagesSinceAsync(
        Guid viewerId, DateTimeOffset afterTime, Guid afterId, int limit, CancellationToken cancellationToken = default);
    /// <summary>
    /// Stores a new group whose first participant is its creator, after checking in the same transaction which of the other
    /// participants block the creator (SPEC section 10, "Groups"). Publishes <see cref="Clustering.ClusterTopics.Conversations"/>
    /// with the group's id when stored.
    /// </summary>
    /// <param name="conversation">The group; <see cref="ConversationRecord.ParticipantIds"/>[0] is the creator, no repeats.</param>
    /// <param name="check">What a member who blocks the creator does to the change.</param>
    /// <param name="cancellationToken">Cancels the wait for the database.</param>
    /// <remarks>
    /// Exact like the send gate: on PostgreSQL each (creator, member) pair's advisory lock is taken shared, in key order, before
    /// the check, so a block committed before this transaction is seen and one made during it waits until this one ends.
    /// </remarks>
    Task<GroupChange> CreateGroupAsync(
        ConversationRecord conversation, GroupBlockCheck check, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds <paramref name="userIds"/> (existing users; those already members are ignored) to group
    /// <paramref name="conversationId"/> at the end of its participant list, if <paramref name="adderId"/> is a member, after
    /// checking in the same transaction which of them block the adder (exact, as <see cref="CreateGroupAsync"/>). Publishes
    /// <see cref="Clustering.ClusterTopics.Conversations"/> with the group's id when something was stored.
    /// </summary>
    Task<GroupChange> AddGroupMembersAsync(
        Guid conversationId, Guid adderId, IReadOnlyList<Guid> userIds, GroupBlockCheck check,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes <paramref name="userId"/> from group <paramref name="conversationId"/>; their messages stay. Publishes
    /// <see cref="Clustering.ClusterTopics.Conversations"/> with the group's id when a member was removed.
    /// </summary>
    /// <returns>The group after the change; null when it is not a group or <paramref name="userId"/> was not a member.</returns>
    Task<ConversationRecord?> LeaveGroupAsync(Guid conversationId, Guid userId, CancellationToken cancellationToken = default);
}
