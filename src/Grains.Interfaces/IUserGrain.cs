using ChatBlock.Silo.Runtime;

namespace ChatBlock.Grains;

/// <summary>
/// One user, keyed by user id: profile and the <b>outgoing</b> block set, held in memory while active (SPEC section 1).
/// A user grain never calls another grain, so calls into it (from conversations) cannot deadlock.
/// </summary>
public interface IUserGrain : IGrainWithGuidKey
{
    /// <summary>
    /// The profile as <paramref name="viewerId"/> may see it (avatar and last-seen hidden when this user blocks the viewer, last-seen
    /// also when this user hides it from others); null if no such user.
    /// </summary>
    [ReadOnly]
    Task<UserProfile?> GetProfileAsync(Guid viewerId);

    /// <summary>
    /// Blocks <paramref name="targetId"/>: durable, audited, and the pair's direct conversation exists afterwards. With
    /// <paramref name="terms"/> (validated by <see cref="TimedBlockRules"/>) the block ends by itself at its expiry and carries a
    /// private note (SPEC section 10); null or <see cref="BlockTerms.Permanent"/> makes a permanent block without a note.
    /// </summary>
    Task<BlockResult> BlockAsync(Guid targetId, BlockTerms? terms = null);

    /// <summary>
    /// Changes the expiry and/or note of this user's active block of <paramref name="targetId"/> (SPEC section 10,
    /// <c>PATCH</c>); <paramref name="patch"/> is validated by <see cref="TimedBlockRules"/>.
    /// </summary>
    /// <returns>The block after the change; null when this user does not block <paramref name="targetId"/> (any more).</returns>
    Task<BlockEntry?> UpdateBlockAsync(Guid targetId, BlockPatch patch);

    /// <summary>This user's block of <paramref name="otherId"/> while it is in force, or null (the relationship's expiry).</summary>
    [ReadOnly]
    Task<BlockEntry?> GetBlockAsync(Guid otherId);

    /// <summary>Removes the block of <paramref name="targetId"/>, audited.</summary>
    Task<UnblockResult> UnblockAsync(Guid targetId);

    /// <summary>Removes every block of this user, audited one by one; returns how many.</summary>
    Task<int> UnblockAllAsync();

    /// <summary>
    /// Imports a block list (SPEC section 10): blocks the users <paramref name="items"/> name and, with
    /// <paramref name="overwrite"/>, unblocks those not named; atomically, audited per change, one permit of the block limit.
    /// With <paramref name="dryRun"/> the same result is computed and nothing changes.
    /// </summary>
    Task<BlockImportResult> ImportBlocksAsync(IReadOnlyList<BlockImportItem> items, bool overwrite, bool dryRun);

    /// <summary>Every block of this user, oldest first, read from storage (SPEC section 10, export).</summary>
    [ReadOnly]
    Task<IReadOnlyList<BlockExportEntry>> ExportBlocksAsync();

    /// <summary>
    /// The users this user blocks, newest first, <paramref name="limit"/> (1-100) at most, after <paramref name="after"/>.
    /// </summary>
    [ReadOnly]
    Task<BlockPage> ListBlocksAsync(int limit, BlockCursor? after);

    /// <summary>
    /// Whether this user blocks <paramref name="otherId"/> now: a timed block counts until the instant it expires (SPEC section 10).
    /// The send gate's question: answered from memory, synchronously, beside any turn (<see cref="AlwaysInterleaveAttribute"/>:
    /// on an active grain it takes no turn, no reader count and allocates nothing); it sees the blocks as of the last write turn
    /// that finished, or of the one in progress once that published its change. When the set may be stale (another silo changed
    /// it) the check takes a turn, reloads and answers after.
    /// </summary>
    [AlwaysInterleave]
    ValueTask<bool> IsBlockingAsync(Guid otherId);

    /// <summary>Reloads the block set from storage, after the database disagreed with memory.</summary>
    Task RefreshBlocksAsync();

    /// <summary>
    /// Whether a token of this user that carries <paramref name="securityStamp"/> and the id <paramref name="tokenId"/> still
    /// works: the user exists, the stamp is the current one and the token was not revoked (SPEC section 11). A read-only call on
    /// every authenticated request: answered from memory, synchronously, after the first call loads the stamp and revoked tokens.
    /// </summary>
    [ReadOnly]
    ValueTask<bool> IsTokenValidAsync(long securityStamp, string tokenId);

    /// <summary>Revokes one token of this user (logout) until <paramref name="expiresAt"/>, on every silo.</summary>
    Task RevokeTokenAsync(string tokenId, DateTimeOffset expiresAt);

    /// <summary>
    /// Stores <paramref name="passwordHash"/> (already verified and hashed by the caller) and makes every token issued before stop
    /// working, on every silo; false when no such user.
    /// </summary>
    Task<bool> ChangePasswordAsync(string passwordHash);

    /// <summary>
    /// Deletes this account (SPEC section 11): blocks both ways removed and audited, the row scrubbed, every token stops working.
    /// </summary>
    /// <returns>
    /// The users who had blocked this one (their grains must reload their block sets), or null when no such user.
    /// </returns>
    Task<IReadOnlyList<Guid>?> DeleteAccountAsync();

    /// <summary>
    /// Sets whether others see this user's last-seen time (durable, and dropped by every other silo's copy); false if no such user.
    /// </summary>
    Task<bool> SetShowLastSeenAsync(bool showLastSeen);
}
