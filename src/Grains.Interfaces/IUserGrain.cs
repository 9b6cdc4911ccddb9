using ChatBlock.Silo.Runtime;

namespace ChatBlock.Grains;

/// <summary>
/// One user, keyed by user id: profile and the <b>outgoing</b> block set, held in memory while active (SPEC section 1).
/// A user grain never calls another grain, so calls into it (from conversations) cannot deadlock.
/// </summary>
public interface IUserGrain : IGrainWithGuidKey
{
    /// <summary>
    /// The profile as <paramref name="viewerId"/> may see it (avatar and last-seen hidden when this user blocks the viewer); null if
    /// no such user.
    /// </summary>
    [ReadOnly]
    Task<UserProfile?> GetProfileAsync(Guid viewerId);

    /// <summary>Blocks <paramref name="targetId"/>: durable, audited, and the pair's direct conversation exists afterwards.</summary>
    Task<BlockResult> BlockAsync(Guid targetId);

    /// <summary>Removes the block of <paramref name="targetId"/>, audited.</summary>
    Task<UnblockResult> UnblockAsync(Guid targetId);

    /// <summary>Removes every block of this user, audited one by one; returns how many.</summary>
    Task<int> UnblockAllAsync();

    /// <summary>
    /// The users this user blocks, newest first, <paramref name="limit"/> (1-100) at most, after <paramref name="after"/>.
    /// </summary>
    [ReadOnly]
    Task<BlockPage> ListBlocksAsync(int limit, BlockCursor? after);

    /// <summary>
    /// Whether this user blocks <paramref name="otherId"/>; answered from memory, synchronously, as a read-only call (the send
    /// gate's question: it takes no turn and allocates nothing on an active grain).
    /// </summary>
    [ReadOnly]
    ValueTask<bool> IsBlockingAsync(Guid otherId);

    /// <summary>Reloads the block set from storage, after the database disagreed with memory.</summary>
    Task RefreshBlocksAsync();
}
