using System.Diagnostics;

namespace ChatBlock.Tests.Telemetry;

/// <summary>
/// Issue 14, graceful drain, the real process: the built gateway (<c>dotnet ChatBlock.Api.dll</c>) given SIGTERM drains, stops its
/// grains and exits with code 0.
/// </summary>
public sealed class SigtermTests
{
    /// <summary>SIGTERM to a started gateway: the drain is logged and the exit code is 0.</summary>
    [Fact]
    public async Task SigtermDrainsAndExitsZero()
    {
        var data = Directory.CreateTempSubdirectory("chatblock-sigterm-");
        try
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "ChatBlock.Api.dll");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { dll, "--Storage:DataPath", data.FullName, "--Urls", "http://127.0.0.1:0" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var output = new List<string>();
            process.OutputDataReceived += (_, line) =>
            {
                lock (output)
                {
                    output.Add(line.Data ?? "");
                }

                if (line.Data?.Contains("Now listening on:", StringComparison.Ordinal) == true)
                {
                    listening.TrySetResult();
                }
            };
            process.BeginOutputReadLine();
            var error = process.StandardError.ReadToEndAsync();
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await listening.Task.WaitAsync(guard.Token);
                // What docker stop and Kubernetes send.
                using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                {
                    await kill.WaitForExitAsync(guard.Token);
                    Assert.Equal(0, kill.ExitCode);
                }

                await process.WaitForExitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("The gateway did not start, or did not stop on SIGTERM.");
            }

            Assert.Equal(0, process.ExitCode);
            Assert.Equal("", await error);
            lock (output)
            {
                Assert.Contains(output, line => line.Contains("Drained", StringComparison.Ordinal));
            }
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
