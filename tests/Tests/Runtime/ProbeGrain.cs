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
}

/// <summary>Implements <see cref="IProbeGrain"/>; signals deactivations through <see cref="Deactivations"/>.</summary>
public sealed class ProbeGrain : Grain, IProbeGrain
{
    /// <summary>Keys whose next activation fails once.</summary>
    public static ConcurrentDictionary<Guid, bool> FailNextActivation { get; } = new();

    /// <summary>Completed with the reason when the grain with that key is deactivated.</summary>
    public static ConcurrentDictionary<Guid, TaskCompletionSource<DeactivationReason>> Deactivations { get; } = new();

    private readonly Guid _activationId = Guid.NewGuid();
    private int _inside;
    private int _maxInside;

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        FailNextActivation.TryRemove(GetPrimaryKey(), out _)
            ? throw new InvalidOperationException("activation failed")
            : Task.CompletedTask;

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
}
