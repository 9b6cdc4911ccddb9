namespace ChatBlock.Silo.Runtime;

/// <summary>
/// Marks a grain interface method that only reads the grain's state (Orleans' <c>Orleans.Concurrency.ReadOnlyAttribute</c>):
/// read-only calls on an active activation may run at the same time as each other, without taking the activation's turn.
/// </summary>
/// <remarks>
/// <para>
/// The rule the runtime keeps: a read-only call never runs while a write turn (any call of an unmarked method, the
/// activation or the deactivation) runs, and a write turn starts only after every read-only call in flight has finished; so
/// a read-only method never sees state half-written, and state written in one turn is seen whole by the reads after it.
/// Read-only calls do interleave with each other, also at their awaits.
/// </para>
/// <para>
/// A marked method must therefore not change the grain's state (nor call <c>DeactivateOnIdle</c> expecting a turn of its
/// own: it still takes effect, after the call). It should complete synchronously where it can, returning
/// <see cref="ValueTask{TResult}"/>: an uncontended read-only call then allocates nothing. The first call to an activation
/// that is not active yet, and a read-only call that arrives while a write turn runs, take the turn like any other call.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class ReadOnlyAttribute : Attribute;
