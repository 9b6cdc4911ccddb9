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

    /// <summary>Stores a new user, in its app (<see cref="UserRecord.AppId"/>), with its password hash.</summary>
    /// <returns><see langword="false"/> when the username is taken in that app (nothing stored).</returns>
    Task<bool> TryCreateUserAsync(UserRecord user, string passwordHash, CancellationToken cancellationToken = default);

    /// <summary>The user with that id, or null.</summary>
    Task<UserRecord?> GetUserAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The user of the built-in app (<see cref="UserRecord.DefaultAppId"/>, the only one that signs in with a password) with that
    /// (lower-case) username and its password hash, or null.
    /// </summary>
    Task<(UserRecord User, string PasswordHash)?> GetCredentialsAsync(string username, CancellationToken cancellationToken = default);

    /// <summary>
    /// Users of app <paramref name="appId"/> whose username starts with <paramref name="usernamePrefix"/> (ordinal), by username, at
    /// most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<UserRecord>> SearchUsersAsync(
        string appId, string usernamePrefix, int limit, CancellationToken cancellationToken = default);

    /// <summary>Records the last authenticated activity of a user.</summary>
    Task UpdateLastSeenAsync(Guid userId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets whether others may see <paramref name="userId"/>'s last-seen time, and publishes the change on
    /// <see cref="Clustering.ClusterTopics.Blocks"/> with the user's id so that every silo drops its copy of that user.
    /// </summary>
    Task SetShowLastSeenAsync(Guid userId, bool showLastSeen, CancellationToken cancellationToken = default);

    /// <summary>Every block row whose blocker is <paramref name="blockerId"/> (the user grain's outgoing block set).</summary>
    Task<IReadOnlyList<BlockRecord>> GetBlocksByBlockerAsync(Guid blockerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds the block row <c>(blocker, blocked)</c>, its audit row, and the pair's direct conversation if absent, in one transaction.
    /// The conversation counts as opened by the blocker (listed to them), not by the blocked user.
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

    /// <summary>
    /// <paramref name="userA"/> opens the pair's direct conversation: it is created (with <paramref name="at"/>) if absent, one per
    /// unordered pair, and recorded as opened by <paramref name="userA"/> (not by <paramref name="userB"/>).
    /// </summary>
    /// <returns>
    /// The conversation, and whether it is new to <paramref name="userA"/>: created now, or <paramref name="userA"/> had not opened
    /// it before (a conversation that a block created must look new to the blocked user, issue 11 item 12).
    /// </returns>
    Task<(ConversationRecord Conversation, bool Created)> GetOrCreateDirectConversationAsync(
        Guid userA, Guid userB, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The conversation with that id, or null.</summary>
    Task<ConversationRecord?> GetConversationAsync(Guid conversationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the conversations listed to <paramref name="userId"/>: every group they are in, and a direct conversation once
    /// it has a message they may see or they opened it themself (<see cref="GetOrCreateDirectConversationAsync"/>), so that a
    /// conversation a block created does not show the block to the blocked user. Most recent activity first: the last message
    /// <paramref name="userId"/> may see (others' sender-only messages do not count), else creation; ties by the larger id first.
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="limit">Most conversations on the page (1 or more).</param>
    /// <param name="after">The previous page's <see cref="ConversationPage.Next"/>; null for the first page.</param>
    /// <param name="cancellationToken">Cancels the wait for the database.</param>
    Task<ConversationPage> GetConversationsOfUserAsync(
        Guid userId, int limit, ConversationCursor? after, CancellationToken cancellationToken = default);

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
    /// As <see cref="AddBlockAsync"/>, but refused when <paramref name="blockerId"/> already made <paramref name="limit"/>'s permits
    /// of blocks within its window (SPEC sections 6 and 11). Blocks are counted from the audit trail (<c>block</c> rows of the
    /// blocker) in the same transaction as the insert, under a lock of the blocker, so the limit holds across every silo of the
    /// database. An existing block answers "not added" before the limit is looked at; a refused attempt uses no permit.
    /// </summary>
    /// <remarks>Both users must exist. An added block is durable when this returns.</remarks>
    Task<BlockAttemptResult> AddBlockWithinLimitAsync(
        Guid blockerId, Guid blockedId, DateTimeOffset at, RateWindow limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a request of <paramref name="userId"/> with <paramref name="key"/> (SPEC section 11): when no answer younger than
    /// <paramref name="expiredBefore"/> is stored for them, records a pending one made <paramref name="at"/> and returns null (the
    /// caller goes on and then calls <see cref="CompleteIdempotencyKeyAsync"/> or <see cref="ReleaseIdempotencyKeyAsync"/>);
    /// otherwise returns what is stored (possibly pending). Expired rows are removed on the way, a bounded batch at a time.
    /// </summary>
    Task<IdempotencyRecord?> ReserveIdempotencyKeyAsync(
        Guid userId, string key, DateTimeOffset at, DateTimeOffset expiredBefore, CancellationToken cancellationToken = default);

    /// <summary>Stores the answer of the pending request <paramref name="key"/> of <paramref name="userId"/>.</summary>
    Task CompleteIdempotencyKeyAsync(
        Guid userId, string key, int status, string? contentType, string? location, string body,
        CancellationToken cancellationToken = default);

    /// <summary>Forgets a pending request (it changed nothing, e.g. it was rate limited), so that the key can be used again.</summary>
    Task ReleaseIdempotencyKeyAsync(Guid userId, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a sign-in attempt at <paramref name="at"/> against every subject in <paramref name="subjects"/> (e.g.
    /// <c>address:10.0.0.1</c>, <c>account:alice</c>) unless one of them already had <paramref name="limit"/>'s permits of
    /// attempts within its window; then records nothing and returns how long until every subject has a permit again. Counted and
    /// recorded in one transaction under a lock of each subject, so the limit holds across every silo (SPEC section 11).
    /// </summary>
    /// <returns>Null when the attempt may go on; the wait otherwise.</returns>
    Task<TimeSpan?> TryRecordLoginAttemptAsync(
        IReadOnlyList<string> subjects, DateTimeOffset at, RateWindow limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The security stamp of an active user and the ids of their revoked tokens that expire after <paramref name="now"/>;
    /// null when no user has this id or the account was deleted (SPEC section 11).
    /// </summary>
    Task<TokenState?> GetTokenStateAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The password hash of an active user, or null when no user has this id or the account was deleted.</summary>
    Task<string?> GetPasswordHashAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a new password hash and increments the security stamp in one statement, then publishes
    /// <see cref="Clustering.ClusterTopics.Accounts"/> with the user's id.
    /// </summary>
    /// <returns>The new stamp, or null when no active user has this id (nothing changed).</returns>
    Task<long?> ChangePasswordAsync(Guid userId, string passwordHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes one token (logout) until <paramref name="expiresAt"/>, drops rows that expired before <paramref name="now"/>, and
    /// publishes <see cref="Clustering.ClusterTopics.Accounts"/> with the user's id. Revoking a token twice changes nothing.
    /// </summary>
    Task RevokeTokenAsync(
        Guid userId, string tokenId, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes an account in one transaction (SPEC section 11): every block of or on the user is removed with an <c>unblock</c>
    /// audit row each (the audit trail itself stays), the user's row is kept for its messages but scrubbed (username freed,
    /// display name <c>Deleted account</c>, no avatar, last-seen or usable password) and marked deleted, its stamp increments and
    /// its revoked-token rows go. Afterwards the user is unknown to <see cref="GetUserAsync"/>, <see cref="GetCredentialsAsync"/>,
    /// <see cref="SearchUsersAsync"/> and <see cref="GetTokenStateAsync"/>. Publishes <see cref="Clustering.ClusterTopics.Accounts"/>
    /// with the user's id and <see cref="Clustering.ClusterTopics.Blocks"/> with the id of every user whose block of them went.
    /// </summary>
    /// <returns>The users who had blocked the deleted user (their outgoing block sets lost an entry); null when no active user has
    /// this id (nothing changed).</returns>
    Task<IReadOnlyList<Guid>?> DeleteUserAsync(Guid userId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the live event stream ticket <paramref name="ticketId"/> as used, unless it already is: the single use of a stream
    /// ticket (SPEC section 11) holds across silos because the database decides. Rows of tickets that expired before
    /// <paramref name="forgetBefore"/> are deleted on the way (a ticket is refused by its expiry before its row is forgotten).
    /// </summary>
    /// <param name="ticketId">The ticket's random id.</param>
    /// <param name="expiresAt">When the ticket expires (UTC); the row is kept at least until then.</param>
    /// <param name="forgetBefore">Rows of tickets that expired before this time (UTC) may be deleted.</param>
    /// <param name="cancellationToken">Cancels the wait for the database.</param>
    /// <returns><see langword="true"/> the first time for a ticket id, <see langword="false"/> on every later call.</returns>
    Task<bool> TryUseEventTicketAsync(
        Guid ticketId, DateTimeOffset expiresAt, DateTimeOffset forgetBefore, CancellationToken cancellationToken = default);

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

    /// <summary>
    /// Imports a block list for <paramref name="blockerId"/> (SPEC section 10) in one transaction: resolves every row to an active
    /// user (by id, else by lower-case username), blocks those not yet blocked and, with <paramref name="overwrite"/>, unblocks
    /// those blocked but not named; one audit row per change, all marked with one import id. Rows naming the blocker, unknown
    /// users and repeats change nothing. With <paramref name="dryRun"/> the same diff is computed and nothing changes.
    /// </summary>
    /// <param name="blockerId">The importer; must exist.</param>
    /// <param name="rows">The rows, in file order (at most 10,000; the caller enforces it).</param>
    /// <param name="overwrite">Unblock the users blocked now and not named in <paramref name="rows"/>.</param>
    /// <param name="dryRun">Compute the outcome, change nothing (no audit row, no notification).</param>
    /// <param name="at">The time of every change (UTC).</param>
    /// <param name="limit">
    /// The block limit: an import that adds blocks needs one permit (refused with <see cref="BlockImportOutcome.RetryAfter"/> when
    /// none is left, nothing changed), and all its rows together use exactly one; an import that adds nothing needs none.
    /// </param>
    /// <param name="cancellationToken">Cancels the wait for the database.</param>
    /// <remarks>
    /// Exact like a single block: a direct message of the blocker commits either before the import or after it (and then sees
    /// it). Publishes <see cref="Clustering.ClusterTopics.Blocks"/> with the blocker's id once, when something changed. The pairs'
    /// direct conversations are not created (a single block creates its pair's; an import of 10,000 rows does not).
    /// </remarks>
    Task<BlockImportOutcome> ImportBlocksAsync(
        Guid blockerId, IReadOnlyList<BlockImportRow> rows, bool overwrite, bool dryRun, DateTimeOffset at, RateWindow limit,
        CancellationToken cancellationToken = default);

    /// <summary>The usernames of the active users among <paramref name="userIds"/> (deleted and unknown ids are left out).</summary>
    Task<IReadOnlyDictionary<Guid, string>> GetUsernamesAsync(
        IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken = default);
}
