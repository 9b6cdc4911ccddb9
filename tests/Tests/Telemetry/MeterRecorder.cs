using System.Diagnostics.Metrics;
using ChatBlock.Grains.Telemetry;

namespace ChatBlock.Tests.Telemetry;

/// <summary>
/// Records every measurement of the <c>ChatBlock</c> meter through a <see cref="MeterListener"/>, as (instrument, value, tags),
/// and lets a test wait for the first one that matches.
/// </summary>
public sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Name, double Value, IReadOnlyDictionary<string, object?> Tags)> _measurements = [];
    private readonly List<(Func<string, IReadOnlyDictionary<string, object?>, bool> Match, TaskCompletionSource<double> Found)> _waits = [];

    /// <summary>Starts listening to the <c>ChatBlock</c> meter.</summary>
    public MeterRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ChatBlockMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Record(i, value, tags));
        _listener.Start();
    }

    /// <summary>
    /// Reads every observable instrument now and returns the values of <paramref name="name"/> whose tags include
    /// <paramref name="tags"/>, summed.
    /// </summary>
    public double Observe(string name, params (string Key, string Value)[] tags)
    {
        lock (_measurements)
        {
            _measurements.Clear();
        }

        _listener.RecordObservableInstruments();
        lock (_measurements)
        {
            return _measurements
                .Where(m => m.Name == name && tags.All(t => Equals(m.Tags.GetValueOrDefault(t.Key), t.Value)))
                .Sum(m => m.Value);
        }
    }

    /// <summary>The value of the first measurement of <paramref name="name"/> (from now on) whose tags match.</summary>
    public Task<double> NextAsync(string name, Func<IReadOnlyDictionary<string, object?>, bool> match)
    {
        var found = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_measurements)
        {
            _waits.Add(((n, tags) => n == name && match(tags), found));
        }

        return found.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(tags.ToArray());
        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, copy));
            foreach (var wait in _waits.Where(w => w.Match(instrument.Name, copy)).ToList())
            {
                _waits.Remove(wait);
                wait.Found.TrySetResult(value);
            }
        }
    }
}
