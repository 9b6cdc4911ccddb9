using System.Collections.Frozen;
using BenchmarkDotNet.Attributes;
using ChatBlock.Grains;
using ChatBlock.Silo.Runtime;
using ChatBlock.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBlock.Benchmarks;

/// <summary>
/// The send gate's two questions ("does the sender block the recipient?", "does the recipient block the sender?") answered
/// through the grain runtime and answered by a plain in-memory lookup. One operation is one check of both directions, for a
/// pair that does not block (the accepted case: both questions are asked). Every user blocks <see cref="BlocksPerUser"/> others.
/// </summary>
[MemoryDiagnoser]
public class GateBenchmarks
{
    private const int Users = 1000;
    private const int BlocksPerUser = 10;

    private IHost _host = null!;
    private IGrainFactory _grains = null!;
    private Guid _sender;
    private Guid _recipient;
    private IUserGrain _senderGrain = null!;
    private IUserGrain _recipientGrain = null!;
    private Dictionary<Guid, HashSet<Guid>> _hashSets = null!;
    private FrozenDictionary<Guid, FrozenSet<Guid>> _frozenSets = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
    }

    /// <summary>Both directions through <see cref="IGrainFactory"/> references held by the caller: two grain calls.</summary>
    [Benchmark]
    public async Task<bool> GrainRuntime() =>
        await _senderGrain.IsBlockingAsync(_recipient) || await _recipientGrain.IsBlockingAsync(_sender);

    /// <summary>
    /// As <see cref="GrainRuntime"/> without an <c>async</c> method of its own around the two calls: each answer is taken from its
    /// completed <see cref="ValueTask{TResult}"/> (awaited only if one is not complete), as code already inside an async method
    /// (DirectConversationGrain.SendAsync) pays for them. <see cref="GrainRuntime"/> adds one async state machine and
    /// BenchmarkDotNet's handling of a returned <see cref="Task{TResult}"/>, which <see cref="DirectHashSet"/> does not have.
    /// </summary>
    [Benchmark]
    public bool GrainRuntimeCompleted() =>
        Answer(_senderGrain.IsBlockingAsync(_recipient)) || Answer(_recipientGrain.IsBlockingAsync(_sender));

    /// <summary>As <see cref="GrainRuntime"/>, taking the references per check as DirectConversationGrain.SendAsync does.</summary>
    [Benchmark]
    public async Task<bool> GrainRuntimeWithGetGrain() =>
        await _grains.GetGrain<IUserGrain>(_sender).IsBlockingAsync(_recipient)
        || await _grains.GetGrain<IUserGrain>(_recipient).IsBlockingAsync(_sender);

    /// <summary>Both directions in per-user <see cref="HashSet{T}"/>s found in a <see cref="Dictionary{TKey, TValue}"/>.</summary>
    [Benchmark(Baseline = true)]
    public bool DirectHashSet() => _hashSets[_sender].Contains(_recipient) || _hashSets[_recipient].Contains(_sender);

    /// <summary>Both directions in per-user <see cref="FrozenSet{T}"/>s found in a <see cref="FrozenDictionary{TKey, TValue}"/>.</summary>
    [Benchmark]
    public bool DirectFrozenSet() => _frozenSets[_sender].Contains(_recipient) || _frozenSets[_recipient].Contains(_sender);

    private static bool Answer(ValueTask<bool> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _host = await SiloHost.StartAsync("Memory");
        _grains = _host.Services.GetRequiredService<IGrainFactory>();
        var store = _host.Services.GetRequiredService<IChatStore>();
        var now = StoreClock.Now(TimeProvider.System);
        var ids = Enumerable.Range(1, Users).Select(i => Guid.CreateVersion7()).ToArray();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            await store.TryCreateUserAsync(new UserRecord(id, $"user{i}", $"User {i}", null, now, null), "not-a-hash");
        }

        _hashSets = [];
        for (var i = 0; i < Users; i++)
        {
            var blocked = _hashSets[ids[i]] = [];
            for (var k = 1; k <= BlocksPerUser; k++)
            {
                var target = ids[(i + (k * 7)) % Users];
                await store.AddBlockAsync(ids[i], target, now);
                blocked.Add(target);
            }
        }

        _frozenSets = _hashSets.ToFrozenDictionary(e => e.Key, e => e.Value.ToFrozenSet());
        (_sender, _recipient) = (ids[0], ids[1]);
        if (_hashSets[_sender].Contains(_recipient) || _hashSets[_recipient].Contains(_sender))
        {
            throw new InvalidOperationException("The benchmark pair must not block each other.");
        }

        _senderGrain = _grains.GetGrain<IUserGrain>(_sender);
        _recipientGrain = _grains.GetGrain<IUserGrain>(_recipient);
        if (await GrainRuntime() || !await _senderGrain.IsBlockingAsync(ids[7]))
        {
            throw new InvalidOperationException("The grains did not load the block sets the benchmark expects.");
        }
    }
}
