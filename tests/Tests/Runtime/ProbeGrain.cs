using System.Collections.Concurrent;
using ChatBlock.Silo.Runtime;

namespace ChatBlock.Tests.Runtime;

/// <summary>A grain that reports what the runtime does to it.</summary>
public interface IProbeGrain : IGrainWithGuidKey
{
    /// <summary>Enters, yields a few times, leaves; returns the most calls seen inside at once.</summary>
    Task<int> EnterAsync();

    /// <summary>A value unique to this activation.</summary>
    Task<Guid> GetActivationIdAsync();

    /// <summary>Asks to be deactivated after this turn.</summary>
    Task LeaveAsync();

    /// <summary>Throws, as a grain bug would.</summary>
    Task<int> ThrowAsync();

    /// <summary>A write turn that returns <see cref="ValueTask"/>: counts itself.</summary>
    ValueTask PingAsync();

    /// <summary>How many <see cref="PingAsync"/> calls this activation has had; read-only, completes synchronously.</summary>
    [ReadOnly]
    ValueTask<int> GetPingsAsync();

    /// <summary>A write turn that stays inside until the test releases it through <see cref="ProbeGrain.SignalsFor"/>.</summary>
    Task HoldWriteTurnAsync();

    /// <summary>Read-only: whether a write turn was inside when this call ran; completes synchronously.</summary>
    [ReadOnly]
    ValueTask<bool> IsWriteTurnInsideAsync();

    /// <summary>Read-only: stays inside until the test releases it through <see cref="ProbeGrain.SignalsFor"/>.</summary>
    [ReadOnly]
    Task HoldReadAsync();

    /// <summary>A write turn: how many read-only calls were inside when it ran.</summary>
    Task<int> CountReadersInsideAsync();

    /// <summary>
    /// Read-only: enters, then waits (30 s at most, as a failure guard) until <paramref name="count"/> read-only calls are inside
    /// at once; returns true if they were.
    /// </summary>
    [ReadOnly]
    ValueTask<bool> MeetReadersAsync(int count, string label);

    /// <summary>Interleaved ([AlwaysInterleave]): whether a write turn was inside when this call ran; completes synchronously.</summary>
    [AlwaysInterleave]
    ValueTask<bool> IsWriteTurnInsideInterleavedAsync();

    /// <summary>
    /// Interleaved: this activation's id once its <c>OnActivateAsync</c> has run, <see cref="Guid.Empty"/> before; completes
    /// synchronously.
    /// </summary>
    [AlwaysInterleave]
    ValueTask<Guid> GetActivatedIdInterleavedAsync();

    /// <summary>
    /// Interleaved, and marked read-only too (interleaving wins): whether a write turn was inside when this call ran.
    /// </summary>
    [AlwaysInterleave]
    [ReadOnly]
    ValueTask<bool> IsWriteTurnInsideInterleavedReadOnlyAsync();

    /// <summary>
    /// Interleaved: runs <see cref="Grain.InvokeInTurnAsync{TArgs, TResult}"/> and returns whether a write turn or a read-only call
    /// was inside while the turn it asked for ran (never, if that is a turn).
    /// </summary>
    [AlwaysInterleave]
    ValueTask<bool> WasAnyoneInsideDuringOwnTurnAsync();
}

/// <summary>Implements <see cref="IProbeGrain"/>; signals deactivations through <see cref="Deactivations"/>.</summary>
public sealed class ProbeGrain : Grain, IProbeGrain
{
    /// <summary>Keys whose next activation fails once.</summary>
    public static ConcurrentDictionary<Guid, bool> FailNextActivation { get; } = new();

    /// <summary>Keys whose next activation stays inside <c>OnActivateAsync</c> until the test releases it through these signals.</summary>
    public static ConcurrentDictionary<Guid, ProbeSignals> HoldNextActivation { get; } = new();

    /// <summary>Completed with the reason when the grain with that key is deactivated.</summary>
    public static ConcurrentDictionary<Guid, TaskCompletionSource<DeactivationReason>> Deactivations { get; } = new();

    private readonly Guid _activationId = Guid.NewGuid();
    private bool _activated;
    private int _inside;
    private int _maxInside;
    private int _pings;
    private bool _writeTurnInside;
    private int _readersInside;
    private TaskCompletionSource? _readersMet;

    /// <summary>The signals a test uses to hold a call inside the grain with key <paramref name="key"/> and let it go.</summary>
    public static ProbeSignals SignalsFor(Guid key) => Signals.GetOrAdd(key, _ => new ProbeSignals());

    private static ConcurrentDictionary<Guid, ProbeSignals> Signals { get; } = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (FailNextActivation.TryRemove(GetPrimaryKey(), out _))
        {
            throw new InvalidOperationException("activation failed");
        }

        if (HoldNextActivation.TryRemove(GetPrimaryKey(), out var hold))
        {
            hold.Entered.TrySetResult();
            await hold.Release.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }

        _activated = true;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Deactivations.GetOrAdd(GetPrimaryKey(), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(reason);
        return Task.CompletedTask;
    }

    public async Task<int> EnterAsync()
    {
        _maxInside = Math.Max(_maxInside, ++_inside);
        for (var i = 0; i < 5; i++)
        {
            await Task.Yield();
        }

        _inside--;
        return _maxInside;
    }

    public Task<Guid> GetActivationIdAsync() => Task.FromResult(_activationId);

    public Task LeaveAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<int> ThrowAsync() => throw new ArithmeticException("grain bug");

    public ValueTask PingAsync()
    {
        _pings++;
        return ValueTask.CompletedTask;
    }

    public ValueTask<int> GetPingsAsync() => new(_pings);

    public async Task HoldWriteTurnAsync()
    {
        var signals = SignalsFor(GetPrimaryKey());
        _writeTurnInside = true;
        signals.Entered.TrySetResult();
        await signals.Release.Task.WaitAsync(TimeSpan.FromSeconds(30));
        _writeTurnInside = false;
    }

    public ValueTask<bool> IsWriteTurnInsideAsync() => new(_writeTurnInside);

    public async Task HoldReadAsync()
    {
        var signals = SignalsFor(GetPrimaryKey());
        Interlocked.Increment(ref _readersInside);
        signals.Entered.TrySetResult();
        try
        {
            await signals.Release.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            Interlocked.Decrement(ref _readersInside);
        }
    }

    public Task<int> CountReadersInsideAsync() => Task.FromResult(Volatile.Read(ref _readersInside));

    public async ValueTask<bool> MeetReadersAsync(int count, string label)
    {
        // Read-only calls share the instance, so the meeting point is created once, race-free.
        var met = LazyInitializer.EnsureInitialized(ref _readersMet, () => new(TaskCreationOptions.RunContinuationsAsynchronously));
        if (Interlocked.Increment(ref _readersInside) >= count)
        {
            met.TrySetResult();
        }

        try
        {
            await met.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return label.Length > 0;
        }
        finally
        {
            Interlocked.Decrement(ref _readersInside);
        }
    }

    public ValueTask<bool> IsWriteTurnInsideInterleavedAsync() => new(_writeTurnInside);

    public ValueTask<Guid> GetActivatedIdInterleavedAsync() => new(_activated ? _activationId : Guid.Empty);

    public ValueTask<bool> IsWriteTurnInsideInterleavedReadOnlyAsync() => new(_writeTurnInside);

    public ValueTask<bool> WasAnyoneInsideDuringOwnTurnAsync() =>
        InvokeInTurnAsync(
            static (grain, _) =>
            {
                var probe = (ProbeGrain)grain;
                return new ValueTask<bool>(probe._writeTurnInside || Volatile.Read(ref probe._readersInside) > 0);
            },
            0);
}

/// <summary>Lets a test hold a call inside a <see cref="ProbeGrain"/> and release it.</summary>
public sealed class ProbeSignals
{
    /// <summary>Completed when the held call is inside.</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed by the test to let the held call finish.</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
