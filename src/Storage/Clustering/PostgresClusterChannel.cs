using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Polly;
using Polly.Retry;

namespace ChatBlock.Storage.Clustering;

/// <summary>
/// <see cref="IClusterChannel"/> over PostgreSQL <c>LISTEN/NOTIFY</c> on channel <see cref="PostgresNotificationFormat.Channel"/>:
/// one dedicated connection listens in a background loop; publishing is a <c>pg_notify</c> on any pooled connection.
/// </summary>
/// <remarks>
/// <para>
/// As a hosted service it starts listening in <see cref="StartAsync"/>, so registered before the server it listens before the
/// silo serves. A start without a reachable database throws (the host does not start).
/// </para>
/// <para>
/// When the listen connection is lost (or is silent for longer than a keep-alive query allows), the loop calls
/// <see cref="IClusterObserver.OnDisconnectedAsync"/> on every observer (until it is back, caches may miss changes), reconnects
/// with a Polly retry (0.1 s doubling to 1 s, jittered, so a returning database is heard within about a second), listens again,
/// and then calls <see cref="IClusterObserver.OnResetAsync"/> on every observer, because notifications sent meanwhile are lost
/// (issue 11, item 3). Messages are delivered after the notifying transaction commits, so
/// unlike the in-memory channel, <see cref="PublishAsync(string, string, CancellationToken)"/> returns before this silo's own
/// observers have seen the message.
/// </para>
/// </remarks>
public sealed partial class PostgresClusterChannel : IClusterChannel, IHostedService, IAsyncDisposable, IDisposable
{
    // $1 channel, $2 texts: one notification per text, in array order.
    private const string NotifyAll = "SELECT pg_notify($1, t.p) FROM unnest($2::text[]) WITH ORDINALITY AS t (p, n) ORDER BY t.n";

    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);


    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly ResiliencePipeline _reconnect;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<ClusterMessage> _received = [];
    private ImmutableArray<IClusterObserver> _observers = [];
    private TaskCompletionSource _nextReset = NewSignal();
    private NpgsqlConnection? _connection;
    private int _listenProcessId;
    private int _stopped;
    private int _listening;
    private Task? _loop;

    /// <summary>Creates the channel; it listens once started (<see cref="StartAsync"/>).</summary>
    /// <param name="dataSource">The database every silo shares.</param>
    /// <param name="siloId">This silo's id, stamped on what it publishes.</param>
    /// <param name="logger">Receives connection losses and observer faults; never message contents.</param>
    /// <param name="timeProvider">Clock for the reconnect backoff; the system clock when null.</param>
    public PostgresClusterChannel(
        NpgsqlDataSource dataSource, string siloId, ILogger<PostgresClusterChannel>? logger = null, TimeProvider? timeProvider = null)
    {
        _dataSource = dataSource;
        SiloId = siloId;
        _logger = logger ?? NullLogger<PostgresClusterChannel>.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _reconnect = BuildReconnectPipeline();
    }

    /// <inheritdoc />
    public string SiloId { get; }

    /// <summary>
    /// Whether the listen connection is up and every observer has been reset since it was last lost: while false, notifications
    /// from other silos may be missed, so nothing cached from the database is to be trusted.
    /// </summary>
    public bool IsListening => Volatile.Read(ref _listening) == 1;

    /// <inheritdoc />
    /// <remarks>Completes once the notification is committed; delivery, this silo included, follows asynchronously.</remarks>
    /// <exception cref="ArgumentException">The encoded message exceeds <see cref="PostgresNotificationFormat.MaxBytes"/>.</exception>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    public async Task PublishAsync(string topic, string payload, CancellationToken cancellationToken = default)
    {
        var text = PostgresNotificationFormat.Encode(new ClusterMessage(topic, payload, SiloId));
        await using var command = _dataSource.CreateCommand("SELECT pg_notify($1, $2)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PostgresNotificationFormat.Channel });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = text });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One statement over an array (<c>pg_notify</c> per element, in array order), so one round trip, one transaction and one
    /// statement for the whole list (issue 12: a statement per payload cost PostgreSQL a parse, bind and execute each); every
    /// payload is checked before anything is sent.
    /// </remarks>
    /// <exception cref="ArgumentException">An encoded message exceeds <see cref="PostgresNotificationFormat.MaxBytes"/>.</exception>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    public async Task PublishAsync(string topic, IReadOnlyList<string> payloads, CancellationToken cancellationToken = default)
    {
        if (payloads.Count == 0)
        {
            return;
        }

        var texts = new string[payloads.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = PostgresNotificationFormat.Encode(new ClusterMessage(topic, payloads[i], SiloId));
        }

        await using var command = _dataSource.CreateCommand(NotifyAll);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PostgresNotificationFormat.Channel });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = texts });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IDisposable Subscribe(IClusterObserver observer)
    {
        ImmutableInterlocked.Update(ref _observers, o => o.Add(observer));
        return new Subscription(() => ImmutableInterlocked.Update(ref _observers, o => o.Remove(observer)));
    }

    /// <summary>Opens the listen connection, runs <c>LISTEN</c>, and starts the background loop.</summary>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("The cluster channel is already started.");
        }

        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _listening, 1);
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>Stops the loop and closes the listen connection; idempotent.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        if (_loop is { } loop)
        {
            await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        Volatile.Write(ref _listening, 0);
        await CloseConnectionAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Kills the listen connection on the server side (<c>pg_terminate_backend</c>), the way a lost connection looks, and waits
    /// until the loop has reconnected, listens again and has reset every observer. For tests and operators.
    /// </summary>
    /// <exception cref="InvalidOperationException">The channel is not started.</exception>
    /// <exception cref="NpgsqlException">The database could not be reached.</exception>
    public async Task ReconnectAsync(CancellationToken cancellationToken = default)
    {
        if (_loop is null || Volatile.Read(ref _stopped) != 0)
        {
            throw new InvalidOperationException("The cluster channel is not running.");
        }

        var reset = Volatile.Read(ref _nextReset).Task;
        await using (var command = _dataSource.CreateCommand("SELECT pg_terminate_backend($1)"))
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Volatile.Read(ref _listenProcessId) });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await reset.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the channel (see <see cref="StopAsync"/>).</summary>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    /// <summary>Stops the channel, blocking until the loop has ended (for containers disposed synchronously).</summary>
    public void Dispose() => StopAsync(CancellationToken.None).GetAwaiter().GetResult();

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A silent connection is probed with a query, so a dead peer is noticed within the command timeout.
                if (!await _connection!.WaitAsync(KeepAliveInterval, stoppingToken).ConfigureAwait(false))
                {
                    await using var probe = new NpgsqlCommand("SELECT 1", _connection);
                    await probe.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                await DeliverReceivedAsync().ConfigureAwait(false);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever broke the connection, the loop must survive it: a silo that stops listening would keep stale block
                // sets for good. The fault is logged and the connection replaced.
                Volatile.Write(ref _listening, 0);
                LogConnectionLost(ex, SiloId);
                await DeliverReceivedAsync().ConfigureAwait(false);
                await NotifyObserversAsync("(disconnected)", o => o.OnDisconnectedAsync()).ConfigureAwait(false);
                if (!await ReconnectWithRetryAsync(stoppingToken).ConfigureAwait(false))
                {
                    return;
                }

                // Observers drop what they cached before this silo counts as listening again.
                await ResetObserversAsync().ConfigureAwait(false);
                Volatile.Write(ref _listening, 1);
            }
        }
    }

    // Polly retries until the database answers or the silo stops; its delays run on _timeProvider, so tests can hold them.
    private async Task<bool> ReconnectWithRetryAsync(CancellationToken stoppingToken)
    {
        var attempts = 0;
        try
        {
            await _reconnect.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    await CloseConnectionAsync().ConfigureAwait(false);
                    await ConnectAsync(token).ConfigureAwait(false);
                },
                stoppingToken).ConfigureAwait(false);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }

        LogReconnected(SiloId, attempts);
        return true;
    }

    private ResiliencePipeline BuildReconnectPipeline() => new ResiliencePipelineBuilder { TimeProvider = _timeProvider }
        .AddRetry(new RetryStrategyOptions
        {
            // Every fault is retried (the database may be down, restarting or refusing connections) until the silo stops.
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = FirstRetryDelay,
            MaxDelay = MaxRetryDelay,
            OnRetry = args =>
            {
                LogReconnectFailed(args.Outcome.Exception, SiloId, args.AttemptNumber + 1, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            connection.Notification += OnNotification;
            await using var listen = new NpgsqlCommand($"LISTEN {PostgresNotificationFormat.Channel}", connection);
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        Volatile.Write(ref _listenProcessId, connection.ProcessID);
        _connection = connection;
    }

    private async Task CloseConnectionAsync()
    {
        if (Interlocked.Exchange(ref _connection, null) is { } connection)
        {
            connection.Notification -= OnNotification;
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Raised on the loop's own thread while WaitAsync (or LISTEN) reads from the connection; the loop delivers afterwards.
    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (PostgresNotificationFormat.TryDecode(e.Payload, out var message))
        {
            _received.Add(message);
        }
        else
        {
            LogMalformed(e.PID, e.Payload.Length);
        }
    }

    private async Task DeliverReceivedAsync()
    {
        if (_received.Count == 0)
        {
            return;
        }

        var messages = _received.ToArray();
        _received.Clear();
        foreach (var message in messages)
        {
            await NotifyObserversAsync(message.Topic, o => o.OnMessageAsync(message)).ConfigureAwait(false);
        }
    }

    private async Task ResetObserversAsync()
    {
        await NotifyObserversAsync("(reset)", o => o.OnResetAsync()).ConfigureAwait(false);
        Interlocked.Exchange(ref _nextReset, NewSignal()).TrySetResult();
    }

    // An observer's fault must not stop the listener (every other silo-wide invalidation would be lost), so it is logged.
    private Task NotifyObserversAsync(string what, Func<IClusterObserver, Task> callback) =>
        Task.WhenAll(_observers.Select(async observer =>
        {
            try
            {
                await callback(observer).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogObserverFailed(ex, observer.GetType().Name, what);
            }
        }));

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {SiloId} lost its cluster listen connection; reconnecting")]
    private partial void LogConnectionLost(Exception exception, string siloId);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Silo {SiloId} listens again after {Attempts} attempt(s); every cached copy is dropped")]
    private partial void LogReconnected(string siloId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {SiloId} could not reconnect (attempt {Attempt}); retrying in {Delay}")]
    private partial void LogReconnectFailed(Exception? exception, string siloId, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Ignored a malformed cluster notification from backend {ProcessId} ({Length} chars)")]
    private partial void LogMalformed(int processId, int length);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cluster observer {Observer} failed on {Topic}")]
    private partial void LogObserverFailed(Exception exception, string observer, string topic);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
