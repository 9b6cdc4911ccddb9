using System.Threading.Channels;
using ChatBlock.Storage.Clustering;

namespace ChatBlock.Tests.Infrastructure;

/// <summary>An <see cref="IClusterObserver"/> that records what it receives, for tests to await without sleeping.</summary>
public sealed class RecordingClusterObserver : IClusterObserver
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly Channel<ClusterMessage> _messages = Channel.CreateUnbounded<ClusterMessage>();
    private readonly Channel<bool> _resets = Channel.CreateUnbounded<bool>();

    private int _resetCount;

    /// <summary>How many resets arrived so far.</summary>
    public int ResetCount => Volatile.Read(ref _resetCount);

    /// <inheritdoc />
    public Task OnMessageAsync(ClusterMessage message)
    {
        _messages.Writer.TryWrite(message);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task OnResetAsync()
    {
        Interlocked.Increment(ref _resetCount);
        _resets.Writer.TryWrite(true);
        return Task.CompletedTask;
    }

    /// <summary>The next message that matches <paramref name="match"/> (others are dropped); fails after 15 seconds.</summary>
    public async Task<ClusterMessage> NextAsync(Func<ClusterMessage, bool> match)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var message = await _messages.Reader.ReadAsync(timeout.Token);
            if (match(message))
            {
                return message;
            }
        }
    }

    /// <summary>Whether a message is already waiting (nothing is consumed).</summary>
    public bool HasPendingMessage => _messages.Reader.TryPeek(out _);

    /// <summary>Waits for the next reset; fails after 15 seconds.</summary>
    public async Task NextResetAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _resets.Reader.ReadAsync(timeout.Token);
    }
}
