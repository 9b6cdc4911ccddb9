using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Telemetry;

/// <summary>
/// Direct sends in a loop through each of several silos (fresh pairs of users per worker), recording each request's outcome: its
/// status code, or <c>closed</c> when the silo was not there to accept it (after which that worker stops).
/// </summary>
public sealed class SendLoad
{
    private readonly List<(int Silo, string Outcome)> _outcomes = [];
    private readonly List<(int Silo, int Count, TaskCompletionSource Done)> _waits = [];
    private readonly List<Task> _workers = [];
    private readonly int[] _successes;
    private volatile bool _stopping;

    private SendLoad(int silos) => _successes = new int[silos];

    /// <summary>Starts <paramref name="workersPerSilo"/> workers on each silo, each with its own pair of users.</summary>
    public static async Task<SendLoad> StartAsync(IReadOnlyList<ChatApp> silos, int workersPerSilo)
    {
        var load = new SendLoad(silos.Count);
        for (var silo = 0; silo < silos.Count; silo++)
        {
            for (var worker = 0; worker < workersPerSilo; worker++)
            {
                var sender = await silos[silo].RegisterAsync();
                var recipient = await silos[silo].RegisterAsync();
                var conversation = await sender.OpenDirectAsync(recipient.Id);
                var index = silo;
                load._workers.Add(Task.Run(() => load.RunAsync(index, sender, conversation.Id)));
            }
        }

        return load;
    }

    /// <summary>How many sends through <paramref name="silo"/> were answered 201 so far.</summary>
    public int Successes(int silo) => Volatile.Read(ref _successes[silo]);

    /// <summary>Completes when <paramref name="silo"/> has answered <paramref name="count"/> sends 201.</summary>
    public Task SucceededAsync(int silo, int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_outcomes)
        {
            _waits.Add((silo, count, done));
            Check();
        }

        return done.Task;
    }

    /// <summary>Stops every worker after its current request; every outcome recorded, by silo.</summary>
    public async Task<IReadOnlyList<(int Silo, string Outcome)>> StopAsync()
    {
        _stopping = true;
        await Task.WhenAll(_workers);
        lock (_outcomes)
        {
            return [.. _outcomes];
        }
    }

    private async Task RunAsync(int silo, TestUser sender, Guid conversationId)
    {
        while (!_stopping)
        {
            string outcome;
            try
            {
                using var response = await sender.SendAsync(conversationId, "load");
                outcome = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                outcome = "closed";
            }

            lock (_outcomes)
            {
                _outcomes.Add((silo, outcome));
                if (outcome == "201")
                {
                    _successes[silo]++;
                }

                Check();
            }

            if (outcome == "closed")
            {
                return;
            }
        }
    }

    private void Check()
    {
        foreach (var wait in _waits.Where(w => _successes[w.Silo] >= w.Count).ToList())
        {
            _waits.Remove(wait);
            wait.Done.TrySetResult();
        }
    }
}
