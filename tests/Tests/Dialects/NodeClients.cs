using System.Diagnostics;

namespace ChatBlock.Tests.Dialects;

/// <summary>
/// Runs the seeds' own clients in <c>tests/clients</c> under Node (installed by <c>scripts/test.sh</c> with
/// <c>npm ci --prefix tests/clients</c>). A missing <c>node</c> or package fails the test, it never skips.
/// </summary>
public static class NodeClients
{
    /// <summary>The <c>tests/clients</c> folder of this checkout.</summary>
    public static string Folder { get; } = FindFolder();

    /// <summary>Runs <c>node_modules/.bin/<paramref name="tool"/></c> with <paramref name="arguments"/> in <see cref="Folder"/>.</summary>
    /// <returns>The exit code and everything written to stdout and stderr.</returns>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string tool, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var executable = Path.Combine(Folder, "node_modules", ".bin", tool);
        Assert.True(File.Exists(executable), $"{executable} is missing: run 'npm ci --prefix tests/clients' (scripts/test.sh does).");
        var start = new ProcessStartInfo("node") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(executable);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        start.Environment["NO_COLOR"] = "1";
        // Throws (and so fails the test) when node is not installed.
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await errors);
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "clients");
            }
        }

        throw new InvalidOperationException($"No Orleans.sln above {AppContext.BaseDirectory}.");
    }
}
