using System.Diagnostics;
using ChatBlock.Silo.Telemetry;

namespace ChatBlock.Silo.Runtime;

/// <summary>
/// Base class of the references <see cref="IGrainFactory.GetGrain{TGrainInterface}"/> returns (Orleans' <c>GrainReference</c>).
/// The subclass for each grain interface is generated at build time by <c>ChatBlock.Silo.CodeGenerator</c>: each method packs
/// its arguments into a value tuple and calls, with the method's name, <see cref="InvokeAsync{TArgs, TResult}"/>,
/// <see cref="InvokeReadOnlyAsync{TArgs, TResult}"/> or <see cref="InvokeInterleavedAsync{TArgs, TResult}"/> with a static
/// lambda that makes the same call on the activation.
/// </summary>
/// <remarks>
/// A reference holds its catalog, its grain id and the last activation it reached; a call finds or creates the activation for
/// its key, so a reference kept across a deactivation keeps working (it then lets go of the old activation).
/// </remarks>
public abstract class GrainReference
{
    private Catalog? _catalog;

    /// <summary>The grain this reference points to.</summary>
    public GrainId Id { get; private set; }

    /// <summary>The activation the last call reached, tried first by the next call; null before the first call.</summary>
    internal GrainActivation? Activation { get; set; }

    private Catalog Catalog => _catalog ?? throw new InvalidOperationException("The reference was not bound to a silo.");

    internal void Bind(Catalog catalog, GrainId id)
    {
        _catalog = catalog;
        Id = id;
    }

    /// <summary>Runs <paramref name="call"/> on the activation in a turn of its own (a method that may write state).</summary>
    /// <typeparam name="TArgs">The arguments: a value, a value tuple, or <see cref="ValueTuple"/> for none.</typeparam>
    /// <typeparam name="TResult">The method's result, <see cref="ValueTuple"/> for none.</typeparam>
    /// <param name="method">The grain method's name, for the call's span.</param>
    /// <param name="call">The call to make on the activation.</param>
    /// <param name="args">The call's arguments.</param>
    protected ValueTask<TResult> InvokeAsync<TArgs, TResult>(string method, Func<Grain, TArgs, ValueTask<TResult>> call, TArgs args) =>
        ChatBlockTracing.Source.HasListeners() ? TraceAsync(method, CallKind.Write, call, args) : Catalog.InvokeAsync(this, call, args);

    /// <summary>
    /// Runs <paramref name="call"/> on the activation as a read-only call (<see cref="ReadOnlyAttribute"/>): alongside other
    /// read-only calls, never during a write turn.
    /// </summary>
    /// <typeparam name="TArgs">The arguments: a value, a value tuple, or <see cref="ValueTuple"/> for none.</typeparam>
    /// <typeparam name="TResult">The method's result, <see cref="ValueTuple"/> for none.</typeparam>
    /// <param name="method">The grain method's name, for the call's span.</param>
    /// <param name="call">The call to make on the activation.</param>
    /// <param name="args">The call's arguments.</param>
    protected ValueTask<TResult> InvokeReadOnlyAsync<TArgs, TResult>(
        string method, Func<Grain, TArgs, ValueTask<TResult>> call, TArgs args) =>
        ChatBlockTracing.Source.HasListeners()
            ? TraceAsync(method, CallKind.ReadOnly, call, args)
            : Catalog.InvokeReadOnlyAsync(this, call, args);

    /// <summary>
    /// Runs <paramref name="call"/> on the activation as an interleaved call (<see cref="AlwaysInterleaveAttribute"/>): at once on
    /// an active activation, even during a write turn; in a turn of its own when the activation is not active.
    /// </summary>
    /// <typeparam name="TArgs">The arguments: a value, a value tuple, or <see cref="ValueTuple"/> for none.</typeparam>
    /// <typeparam name="TResult">The method's result, <see cref="ValueTuple"/> for none.</typeparam>
    /// <param name="method">The grain method's name, for the call's span.</param>
    /// <param name="call">The call to make on the activation.</param>
    /// <param name="args">The call's arguments.</param>
    protected ValueTask<TResult> InvokeInterleavedAsync<TArgs, TResult>(
        string method, Func<Grain, TArgs, ValueTask<TResult>> call, TArgs args) =>
        ChatBlockTracing.Source.HasListeners()
            ? TraceAsync(method, CallKind.Interleaved, call, args)
            : Catalog.InvokeInterleavedAsync(this, call, args);

    // One span per grain call, "IUserGrain/BlockAsync", child of the caller's span (issue 14); errors mark it and pass on.
    private async ValueTask<TResult> TraceAsync<TArgs, TResult>(
        string method, CallKind kind, Func<Grain, TArgs, ValueTask<TResult>> call, TArgs args)
    {
        using var activity = ChatBlockTracing.Source.StartActivity($"{Id.Interface.Name}/{method}");
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.system", "chatblock");
            activity.SetTag("rpc.service", Id.Interface.Name);
            activity.SetTag("rpc.method", method);
            activity.SetTag("chatblock.grain.key", Id.Key.ToString());
            activity.SetTag("chatblock.grain.read_only", kind != CallKind.Write);
        }

        try
        {
            return await (kind switch
            {
                CallKind.ReadOnly => Catalog.InvokeReadOnlyAsync(this, call, args),
                CallKind.Interleaved => Catalog.InvokeInterleavedAsync(this, call, args),
                _ => Catalog.InvokeAsync(this, call, args),
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            activity.AddException(e);
            throw;
        }
    }

    /// <summary>A <see cref="Task"/> returned by a grain method, as the runtime's result type.</summary>
    protected static ValueTask<ValueTuple> FromTask(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.IsCompletedSuccessfully ? default : AwaitAsync(task);

        static async ValueTask<ValueTuple> AwaitAsync(Task task)
        {
            await task.ConfigureAwait(false);
            return default;
        }
    }

    /// <summary>A <see cref="ValueTask"/> returned by a grain method, as the runtime's result type.</summary>
    protected static ValueTask<ValueTuple> FromValueTask(ValueTask task) =>
        task.IsCompletedSuccessfully ? default : FromTask(task.AsTask());

    /// <summary>The runtime's result of a method returning <see cref="ValueTask"/>, as that method's return value.</summary>
    protected static ValueTask ToValueTask(ValueTask<ValueTuple> task) =>
        task.IsCompletedSuccessfully ? default : new ValueTask(task.AsTask());

    /// <inheritdoc />
    public override string ToString() => Id.ToString();

    // How a call meets the activation's turns: a turn of its own, beside other read-only calls, or beside anything.
    private enum CallKind
    {
        Write,
        ReadOnly,
        Interleaved,
    }
}
