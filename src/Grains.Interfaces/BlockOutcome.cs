namespace ChatBlock.Grains;

/// <summary>Outcome of <see cref="IUserGrain.BlockAsync"/> (SPEC section 6).</summary>
public enum BlockOutcome
{
    /// <summary>The block was stored; it is durable.</summary>
    Blocked,

    /// <summary>The caller already blocks that user; nothing changed (<c>409 user.block.already_blocked</c>).</summary>
    AlreadyBlocked,

    /// <summary>A user cannot block themself (<c>400 user.block.self</c>).</summary>
    Self,

    /// <summary>The target user does not exist (<c>404 user.not_found</c>).</summary>
    UserNotFound,

    /// <summary>
    /// The blocker used every permit of <c>Blocking:RateLimit:PermitsPerHour</c> (counted across all silos); nothing changed
    /// (<c>429 rate_limited</c>, SPEC sections 6 and 11).
    /// </summary>
    RateLimited,

    /// <summary>
    /// The report the block carried lists a message that is not the blocked user's in a conversation of the blocker; nothing changed
    /// (<c>400 report.invalid_message</c>, SPEC section 10).
    /// </summary>
    InvalidReportMessage,
}
