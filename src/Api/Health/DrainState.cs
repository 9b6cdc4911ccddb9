namespace ChatBlock.Api.Health;

/// <summary>
/// The requests this silo is serving, counted by a middleware at the front of the pipeline, so that a stopping silo knows when
/// the last one it accepted has been answered (issue 14, graceful drain). Safe for concurrent use.
/// </summary>
internal sealed class DrainState
{
    private int _inFlight;
    private TaskCompletionSource? _idle;

    /// <summary>Requests being served now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>A request entered the pipeline.</summary>
    public void Enter() => Interlocked.Increment(ref _inFlight);

    /// <summary>A request left the pipeline (answered or aborted).</summary>
    public void Exit()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0)
        {
            Volatile.Read(ref _idle)?.TrySetResult();
        }
    }

    /// <summary>Completes the first time no request is being served from now on.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _idle, idle);
        if (InFlight == 0)
        {
            idle.TrySetResult();
        }

        return idle.Task.WaitAsync(cancellationToken);
    }
}
