namespace ChatBlock.Grains;

/// <summary>
/// How long a new block lasts and the blocker's private note (SPEC section 10), already validated by
/// <see cref="TimedBlockRules"/>.
/// </summary>
/// <param name="ExpiresAt">When the block ends by itself (UTC); null for a permanent block.</param>
/// <param name="Note">The blocker's private note (at most <see cref="TimedBlockRules.NoteMaxLength"/> characters), or null.</param>
public sealed record BlockTerms(DateTimeOffset? ExpiresAt, string? Note)
{
    /// <summary>A report made with the block (SPEC section 10, report and block), already validated; null without one.</summary>
    public BlockReport? Report { get; init; }

    /// <summary>A permanent block without a note: what a block without a body makes.</summary>
    public static BlockTerms Permanent { get; } = new(null, null);
}
