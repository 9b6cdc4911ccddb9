using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using ChatBlock.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Grains;

/// <summary>
/// A decorator around the real <see cref="IChatStore"/> that records every call by method name, for tests of what must not
/// reach the database. <see cref="Decorate"/> wraps whichever store the host registered.
/// </summary>
public class RecordingChatStore : DispatchProxy
{
    private readonly ConcurrentDictionary<string, StoreHold> _holds = new();
    private IChatStore _inner = null!;

    /// <summary>Calls so far, by <see cref="IChatStore"/> method name.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>
    /// Replaces the <see cref="IChatStore"/> registered in <paramref name="services"/> (by implementation type) with a recording
    /// decorator around it; returns a handle that yields the decorator once the host has built it.
    /// </summary>
    public static Func<IServiceProvider, RecordingChatStore> Decorate(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IChatStore));
        var implementation = registered.ImplementationType
            ?? throw new InvalidOperationException("The store is expected to be registered by implementation type.");
        services.Remove(registered);
        services.AddSingleton(implementation);
        services.AddSingleton(sp =>
        {
            var store = DispatchProxy.Create<IChatStore, RecordingChatStore>();
            ((RecordingChatStore)(object)store)._inner = (IChatStore)sp.GetRequiredService(implementation);
            return store;
        });
        return sp => (RecordingChatStore)(object)sp.GetRequiredService<IChatStore>();
    }

    /// <summary>Forgets the calls recorded so far.</summary>
    public void Clear() => Calls.Clear();

    /// <summary>
    /// Holds the next call of <paramref name="method"/> before it reaches the real store: the calling thread blocks (so start the
    /// call with <see cref="Task.Run(Func{Task})"/>) until the test completes <see cref="StoreHold.Release"/>, 30 s at most.
    /// </summary>
    public StoreHold HoldNext(string method) => _holds[method] = new StoreHold();

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        Calls.Enqueue(targetMethod!.Name);
        if (_holds.TryRemove(targetMethod.Name, out var hold))
        {
            hold.Entered.TrySetResult();
            hold.Release.Task.Wait(TimeSpan.FromSeconds(30));
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}
