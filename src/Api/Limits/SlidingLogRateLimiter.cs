using System.Threading.RateLimiting;

namespace ChatBlock.Api.Limits;

/// <summary>
/// An exact sliding-window limiter for ASP.NET Core rate limiting: at most <c>permitLimit</c> permits within any
/// <c>window</c>; a permit taken at <c>t</c> is free again at <c>t + window</c>, and a refusal's <see cref="MetadataName.RetryAfter"/>
/// is exactly the time until then, on <see cref="TimeProvider"/> (so tests can drive it with a fake clock).
/// </summary>
/// <remarks>
/// System.Threading.RateLimiting's own limiters report the window or the segment length as <c>RetryAfter</c>, not the time until a
/// permit is free (issue 11: "seen: 300, then still 429 after 303 s"), and run on the system clock. This one keeps the time of each
/// permit in the window (at most <c>permitLimit</c> entries) and never queues. Thread-safe.
/// </remarks>
public sealed class SlidingLogRateLimiter : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(true, null);
    private readonly Queue<DateTimeOffset> _taken = new();
    private readonly Lock _gate = new();
    private readonly int _permitLimit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _timeProvider;
    private DateTimeOffset _lastUsed;

    /// <param name="permitLimit">Permits per window, at least 1.</param>
    /// <param name="window">The sliding window, positive.</param>
    /// <param name="timeProvider">The clock.</param>
    public SlidingLogRateLimiter(int permitLimit, TimeSpan window, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _permitLimit = permitLimit;
        _window = window;
        _timeProvider = timeProvider;
        _lastUsed = timeProvider.GetUtcNow();
    }

    /// <inheritdoc />
    /// <remarks>Idle once every permit it handed out has left the window; then the partitioned limiter may drop it.</remarks>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                var now = _timeProvider.GetUtcNow();
                Prune(now);
                return _taken.Count == 0 ? now - _lastUsed : null;
            }
        }
    }

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Prune(_timeProvider.GetUtcNow());
            return new RateLimiterStatistics { CurrentAvailablePermits = _permitLimit - _taken.Count };
        }
    }

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _permitLimit);
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            Prune(now);
            var missing = _taken.Count + permitCount - _permitLimit;
            if (missing > 0)
            {
                // The permit that must leave the window last before enough are free.
                return new Lease(false, _taken.ElementAt(missing - 1) + _window - now);
            }

            for (var i = 0; i < permitCount; i++)
            {
                _taken.Enqueue(now);
            }

            _lastUsed = now;
            return Granted;
        }
    }

    /// <inheritdoc />
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Prune(DateTimeOffset now)
    {
        while (_taken.TryPeek(out var oldest) && oldest + _window <= now)
        {
            _lastUsed = oldest + _window;
            _taken.Dequeue();
        }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
