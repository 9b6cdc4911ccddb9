namespace ChatBlock.Silo.Runtime;

/// <summary>
/// Marks a grain interface method that may run alongside any call of its activation, write turns included (Orleans'
/// <c>Orleans.Concurrency.AlwaysInterleaveAttribute</c>): on an active activation it runs at once on the caller's thread,
/// takes no turn, counts as no reader and waits for nothing.
/// </summary>
/// <remarks>
/// <para>
/// Stronger than <see cref="ReadOnlyAttribute"/> (which waits for a write turn to end): the method sees whatever the write turn
/// in progress has published so far, so it may only read state that is published whole, e.g. an immutable object whose
/// reference a write turn swaps, and must tolerate a turn changing that reference at any moment. It must not change state a
/// turn protects; work that needs a turn (a reload of stale state, say) goes to one through a call to the grain itself
/// (<c>Grain.InvokeInTurnAsync</c>), never inline. A deactivation does not wait for interleaved calls either: one that races
/// with it completes on the old instance.
/// </para>
/// <para>
/// The first call to an activation that is not active yet (and a call that reaches one already deactivated) first takes a turn
/// that activates it, so state loaded by <c>OnActivateAsync</c> is always there, and runs after that turn, not in it: an
/// interleaved call never runs inside a turn of its grain, so it may wait for one. An interleaved call counts as a use for idle
/// collection. It should complete synchronously, returning <see cref="ValueTask{TResult}"/>: it then allocates nothing and
/// costs a state check and two calls. A method marked with both this and <see cref="ReadOnlyAttribute"/> is interleaved.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class AlwaysInterleaveAttribute : Attribute;
