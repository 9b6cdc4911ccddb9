namespace ChatBlock.Tests.Grains;

/// <summary>A store call held by <see cref="RecordingChatStore.HoldNext"/>: signalled when it arrives, let go by the test.</summary>
public sealed class StoreHold
{
    /// <summary>Completed when the held call has arrived (and waits).</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed by the test to let the held call go on to the real store.</summary>
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
