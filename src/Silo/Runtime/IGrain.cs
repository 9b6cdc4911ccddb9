namespace ChatBlock.Silo.Runtime;

/// <summary>Marker for a grain interface, as in Orleans: every method returns a <see cref="Task"/> and ends in <c>Async</c>.</summary>
public interface IGrain;

/// <summary>A grain whose identity is a <see cref="Guid"/> (Orleans' <c>IGrainWithGuidKey</c>).</summary>
public interface IGrainWithGuidKey : IGrain;
