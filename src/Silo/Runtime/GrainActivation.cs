namespace ChatBlock.Silo.Runtime;

/// <summary>
/// One grain instance for one key on this silo, with the gate that runs its write turns one at a time and its read-only calls
/// (<see cref="ReadOnlyAttribute"/>) alongside each other but never alongside a write turn. Interleaved calls
/// (<see cref="AlwaysInterleaveAttribute"/>) pass the gate by: they only check <see cref="State"/> and <see cref="MarkUsed"/>.
/// </summary>
/// <remarks>
/// The gate is a reader/writer scheme cheap for the uncontended read: <c>_gate</c> counts the read-only calls inside, plus
/// <see cref="WriterBit"/> while a write turn holds the activation. A reader enters with one compare-and-swap when no writer holds
/// it (and otherwise queues for a turn of its own, as a writer would). A writer first takes <see cref="Turn"/> (which queues the
/// writers), then sets <see cref="WriterBit"/>, which turns new readers away, and waits for the readers inside to leave: the last
/// one completes <c>_drained</c>, created only when there are readers to wait for.
/// </remarks>
internal sealed class GrainActivation(Catalog catalog, GrainId id)
{
    private const int WriterBit = 1 << 30;
    private int _gate;
    private TaskCompletionSource? _drained;
    private int _state = (int)ActivationState.Created;

    public Catalog Catalog { get; } = catalog;

    public GrainId Id { get; } = id;

    public Guid Key => Id.Key;

    /// <summary>
    /// Held for the length of one write turn: a call, an activation or a deactivation. Take it with <see cref="EnterTurnAsync"/>,
    /// which also waits for the read-only calls inside, and give it back with <see cref="ExitTurn"/>.
    /// </summary>
    public SemaphoreSlim Turn { get; } = new(1, 1);

    /// <summary>Number of read-only calls running now.</summary>
    public int Readers => Volatile.Read(ref _gate) & ~WriterBit;

    /// <summary>
    /// Set by read-only and interleaved calls (which do not update <see cref="LastUsedTicks"/>, to keep a clock read off the fast
    /// path); the idle collector counts a set flag as a use at the time it looks, and clears it.
    /// </summary>
    public bool ReadSinceScan { get; set; }

    /// <summary>
    /// Where the activation is in its life. Written in turns; read with acquire semantics, so a call that sees
    /// <see cref="ActivationState.Active"/> without a turn (<see cref="AlwaysInterleaveAttribute"/>) also sees
    /// <see cref="Instance"/> and what <c>OnActivateAsync</c> loaded.
    /// </summary>
    public ActivationState State
    {
        get => (ActivationState)Volatile.Read(ref _state);
        set => Volatile.Write(ref _state, (int)value);
    }

    public Grain? Instance { get; set; }

    /// <summary><see cref="Environment.TickCount64"/> at the end of the last turn.</summary>
    public long LastUsedTicks { get; set; } = Environment.TickCount64;

    public bool DeactivateAfterTurn { get; set; }

    /// <summary>Takes the write turn: waits for <see cref="Turn"/>, then for the read-only calls inside to finish.</summary>
    public Task EnterTurnAsync()
    {
        var wait = Turn.WaitAsync();
        return wait.IsCompletedSuccessfully ? ShutOutReaders() : EnterAfterAsync(wait);
    }

    /// <summary>Gives the write turn back: read-only calls may enter again, and the next writer may take the turn.</summary>
    public void ExitTurn()
    {
        Volatile.Write(ref _drained, null);
        Interlocked.And(ref _gate, ~WriterBit);
        Turn.Release();
    }

    /// <summary>Enters as a read-only call unless a write turn holds the activation; then the caller must take a turn instead.</summary>
    public bool TryEnterRead()
    {
        var gate = Volatile.Read(ref _gate);
        while ((gate & WriterBit) == 0)
        {
            var seen = Interlocked.CompareExchange(ref _gate, gate + 1, gate);
            if (seen == gate)
            {
                return true;
            }

            gate = seen;
        }

        return false;
    }

    /// <summary>Counts a call made without a turn as a use, for idle collection; writes the flag only when it is clear.</summary>
    public void MarkUsed()
    {
        if (!ReadSinceScan)
        {
            ReadSinceScan = true;
        }
    }

    /// <summary>Leaves after <see cref="TryEnterRead"/>; the last reader out lets a waiting writer in.</summary>
    public void ExitRead()
    {
        MarkUsed();
        if (Interlocked.Decrement(ref _gate) == WriterBit)
        {
            Volatile.Read(ref _drained)?.TrySetResult();
        }
    }

    private async Task EnterAfterAsync(Task wait)
    {
        await wait.ConfigureAwait(false);
        await ShutOutReaders().ConfigureAwait(false);
    }

    /// <summary>Sets <see cref="WriterBit"/> (the caller holds <see cref="Turn"/>) and waits until no reader is inside.</summary>
    private Task ShutOutReaders()
    {
        if ((Interlocked.Or(ref _gate, WriterBit) & ~WriterBit) == 0)
        {
            return Task.CompletedTask;
        }

        // Publish the signal first, then look again: a reader that left before the signal was visible is seen by the second
        // look; one that leaves after it completes the signal (both steps are full fences on each side).
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _drained, drained);
        return Volatile.Read(ref _gate) == WriterBit ? Task.CompletedTask : drained.Task;
    }
}

/// <summary>Where an activation is in its life.</summary>
internal enum ActivationState
{
    Created,
    Active,
    Deactivated,
}

/// <summary>A grain's identity on a silo: its interface and its key.</summary>
/// <param name="Interface">The grain interface the reference was made for.</param>
/// <param name="Key">The grain's primary key.</param>
public readonly record struct GrainId(Type Interface, Guid Key)
{
    /// <inheritdoc />
    public override string ToString() => $"{Interface.Name}/{Key}";
}
