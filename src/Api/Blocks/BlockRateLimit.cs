using ChatBlock.Api.Infrastructure;
using ChatBlock.Api.Limits;

namespace ChatBlock.Api.Blocks;

/// <summary>
/// The block limit (<c>Blocking:RateLimit:PermitsPerHour</c>, SPEC sections 6 and 11) on the HTTP side. The limit itself is counted
/// in the database, in the same transaction as the block (<see cref="Storage.IChatStore.AddBlockWithinLimitAsync"/>), so it holds
/// across all silos, only successful blocks use permits, and <c>Retry-After</c> is the real time until the oldest counted block
/// leaves the hour; <see cref="BlockHandlers"/> answers <c>429 rate_limited</c>.
/// </summary>
public static class BlockRateLimit
{
    /// <summary>
    /// Makes <paramref name="route"/> (a block route) take <c>Idempotency-Key</c> (<see cref="IdempotencyFilter"/>: a repeat
    /// answers the first answer and uses no permit) and lists its <c>429</c> in OpenAPI.
    /// </summary>
    public static RouteHandlerBuilder WithBlockLimits(this RouteHandlerBuilder route) =>
        route.AddEndpointFilter<IdempotencyFilter>().ProducesProblems(StatusCodes.Status429TooManyRequests);
}
