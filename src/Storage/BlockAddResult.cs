namespace ChatBlock.Storage;

/// <summary>What <see cref="IChatStore.AddBlockAsync"/> did.</summary>
/// <param name="Added"><see langword="false"/> when the pair was already blocked in that direction (nothing changed).</param>
/// <param name="CreatedAt">When the block row was made: now if added, the existing row's time otherwise.</param>
/// <param name="ConversationId">The pair's direct conversation, created in the same transaction if it did not exist.</param>
public sealed record BlockAddResult(bool Added, DateTimeOffset CreatedAt, Guid ConversationId)
{
    /// <summary>The block's expiry (UTC), null when permanent: the new row's, or the existing one's when not added.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The block's private note: the new row's, or the existing one's when not added.</summary>
    public string? Note { get; init; }

    /// <summary>
    /// A row of the pair that had already expired but was not yet removed by the server's expiry, removed and audited as expired
    /// (an <c>unblock</c> by the system) in the same transaction as the new block; null otherwise. The caller reports its expiry
    /// exactly as for a row <see cref="IChatStore.ExpireBlocksAsync"/> returned.
    /// </summary>
    public BlockRecord? Expired { get; init; }

    /// <summary>The id of the report stored with the block (SPEC section 10); null without one, or when the block was not added.</summary>
    public Guid? ReportId { get; init; }
}
