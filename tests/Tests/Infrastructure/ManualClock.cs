namespace ChatBlock.Tests.Infrastructure;

/// <summary>
/// A clock that moves only when told (<see cref="Advance"/>), starting at the real now so that tokens it stamps are valid; for
/// limits whose windows a test must cross without sleeping.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }
}
