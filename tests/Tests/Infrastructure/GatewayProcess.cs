using System.Diagnostics;

namespace ChatBlock.Tests.Infrastructure;

/// <summary>The gateway run as its own process (<c>dotnet ChatBlock.Api.dll</c>), for what only a real start shows.</summary>
public static class GatewayProcess
{
    /// <summary>
    /// Starts <paramref name="start"/> (with standard output and error redirected) and waits up to 60 s for it to exit.
    /// </summary>
    /// <returns>The exit code, and standard output followed by standard error.</returns>
    /// <exception cref="TimeoutException">It kept running (it is killed first); the message names <paramref name="what"/>.</exception>
    public static async Task<(int ExitCode, string Text)> RunUntilExitAsync(ProcessStartInfo start, string what)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The gateway kept running with {what}.");
        }

        return (process.ExitCode, await output + await error);
    }
}
