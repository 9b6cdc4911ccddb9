using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ChatBlock.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for tests, started from the installed server binaries (no Docker): its own data folder in a
/// fresh temporary directory, listening on 127.0.0.1 only on a free port, with <c>fsync=off</c> (test data only). Tests share one
/// per run through <see cref="SharedPostgres"/>, each class or test with its own database (<see cref="CreateDatabaseAsync"/>); a
/// test that stops the server starts one of its own.
/// </summary>
/// <remarks>
/// The binaries are looked up in <c>$PG_BIN</c>, else <c>/usr/lib/postgresql/15/bin</c>. When they are missing, starting throws
/// with the package to install: tests fail, they never skip. As root, <c>initdb</c> and the server run as the <c>postgres</c>
/// system user through <c>runuser</c> (both refuse to run as root). The server is stopped and its directory deleted on dispose,
/// and at process exit if a test run is cut short.
/// </remarks>
public sealed class PostgresServer : IAsyncLifetime, IDisposable
{
    /// <summary>Environment variable that overrides the folder of <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>.</summary>
    public const string BinEnvironmentVariable = "PG_BIN";

    private const string DefaultBin = "/usr/lib/postgresql/15/bin";
    private const string SystemUser = "postgres";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    private readonly Lock _gate = new();
    private string? _directory;
    private string? _dataDirectory;
    private string _bin = DefaultBin;
    private bool _asSystemUser;
    private string? _connectionString;

    /// <summary>The superuser connection string to the <c>postgres</c> database; available once started.</summary>
    /// <exception cref="InvalidOperationException">Not started.</exception>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The PostgreSQL server is not started.");

    /// <summary>The TCP port the server listens on (127.0.0.1).</summary>
    public int Port { get; private set; }

    /// <summary>Starts the server (xunit calls this for a fixture).</summary>
    public Task InitializeAsync() => StartAsync();

    /// <summary>Creates the data folder with <c>initdb</c> and starts the server; waits until it accepts connections.</summary>
    /// <exception cref="InvalidOperationException">
    /// The binaries are missing (the message says to install <c>postgresql-15</c>), or <c>initdb</c>/<c>pg_ctl</c> failed (the
    /// message carries their output and the server log).
    /// </exception>
    public async Task StartAsync()
    {
        _bin = Environment.GetEnvironmentVariable(BinEnvironmentVariable) is { Length: > 0 } bin ? bin : DefaultBin;
        foreach (var tool in new[] { "initdb", "pg_ctl", "postgres" })
        {
            if (!File.Exists(Path.Combine(_bin, tool)))
            {
                throw new InvalidOperationException(
                    $"PostgreSQL server binaries not found: {Path.Combine(_bin, tool)} does not exist. The PostgreSQL tests need a local "
                    + $"PostgreSQL 15 server: install it with `apt-get install postgresql-15` (or `apt-get install postgresql`), or set "
                    + $"{BinEnvironmentVariable} to the folder holding initdb, pg_ctl and postgres.");
            }
        }

        _asSystemUser = Environment.UserName == "root";
        var directory = Directory.CreateTempSubdirectory("chatblock-pg-").FullName;
        lock (_gate)
        {
            _directory = directory;
            _dataDirectory = Path.Combine(directory, "data");
        }

        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        if (_asSystemUser)
        {
            await RunAsync("chown", [$"{SystemUser}:", directory], asSystemUser: false).ConfigureAwait(false);
        }

        await RunAsync(
            Path.Combine(_bin, "initdb"),
            ["-D", _dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
            _asSystemUser).ConfigureAwait(false);

        // A free port can be taken between probing and binding; try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            try
            {
                await StartServerAsync().ConfigureAwait(false);
                break;
            }
            catch (InvalidOperationException ex) when (attempt < 3 && ex.Message.Contains("could not bind", StringComparison.Ordinal))
            {
                // Another process took the port after it was probed: try another one.
            }
        }

        _connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port, Username = "postgres", Database = "postgres", Timeout = 15, CommandTimeout = 60,
        }.ConnectionString;
    }

    /// <summary>Starts the server again after <see cref="StopServerAsync"/>, on the same port with the same data.</summary>
    /// <exception cref="InvalidOperationException"><c>pg_ctl</c> failed; the message carries the server log.</exception>
    public async Task StartServerAsync()
    {
        string directory, data;
        lock (_gate)
        {
            (directory, data) = (_directory ?? throw new InvalidOperationException("The server was disposed."), _dataDirectory!);
        }

        var log = Path.Combine(directory, $"server-{Guid.NewGuid():N}.log");
        var options = $"-c listen_addresses=127.0.0.1 -p {Port} -c unix_socket_directories='' -c fsync=off "
            + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        try
        {
            string[] arguments = ["-D", data, "-l", log, "-w", "-t", "60", "-o", options, "start"];
            await RunAsync(Path.Combine(_bin, "pg_ctl"), arguments, _asSystemUser).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\nServer log:\n{ReadLog(log)}", ex);
        }
    }

    /// <summary>
    /// Stops the server (fast shutdown: open connections are terminated) but keeps its data, so that a test can see what a
    /// database outage does; <see cref="StartServerAsync"/> brings it back.
    /// </summary>
    public async Task StopServerAsync()
    {
        string data;
        lock (_gate)
        {
            data = _dataDirectory ?? throw new InvalidOperationException("The server was disposed.");
        }

        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"], _asSystemUser).ConfigureAwait(false);
    }

    /// <summary>Creates an empty database and answers its connection string.</summary>
    /// <param name="name">Database name (letters, digits, underscores); a fresh random one when null.</param>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= $"test_{Guid.NewGuid():N}";
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException("A database name here is letters, digits and underscores.", nameof(name));
        }

        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops the server and deletes its directory.</summary>
    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Stops the server (immediate shutdown) and deletes its directory; safe to call more than once.</summary>
    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Stop();
    }

    private void OnProcessExit(object? sender, EventArgs e) => Stop();

    private void Stop()
    {
        string? directory, data;
        lock (_gate)
        {
            (directory, data, _directory, _dataDirectory) = (_directory, _dataDirectory, null, null);
        }

        if (directory is null || data is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], _asSystemUser).GetAwaiter().GetResult();
        }

        Directory.Delete(directory, recursive: true);
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asSystemUser)
    {
        var start = new ProcessStartInfo(asSystemUser ? "runuser" : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asSystemUser)
        {
            foreach (var prefix in new[] { "-u", SystemUser, "--", fileName })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ToolTimeout);
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n"
                + $"{await output.ConfigureAwait(false)}{await error.ConfigureAwait(false)}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string ReadLog(string path) => File.Exists(path) ? File.ReadAllText(path) : "(no server log)";
}
