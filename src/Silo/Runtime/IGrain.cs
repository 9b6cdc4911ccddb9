namespace ChatBlock.Silo.Runtime;

/// <summary>
/// Marker for a grain interface, as in Orleans: every method returns <see cref="Task"/>, <see cref="Task{TResult}"/>,
/// <see cref="ValueTask"/> or <see cref="ValueTask{TResult}"/> and ends in <c>Async</c>. The project declaring one references
/// <c>ChatBlock.Silo.CodeGenerator</c> as an analyzer, which generates its <see cref="GrainReference"/> at build time.
/// </summary>
public interface IGrain;

/// <summary>A grain whose identity is a <see cref="Guid"/> (Orleans' <c>IGrainWithGuidKey</c>).</summary>
public interface IGrainWithGuidKey : IGrain;
