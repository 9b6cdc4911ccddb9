using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace ChatBlock.Benchmarks;

/// <summary>
/// Runs <see cref="GateBenchmarks"/> with a short in-process job (3 warm-up and 8 measured iterations of 250 ms: about 20 s in
/// all) and appends ns and allocated bytes per check of each method.
/// </summary>
internal static class MicroCommand
{
    public static int Run(HarnessArgs options)
    {
        var results = options.Get("results");
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(8)
            .WithIterationTime(TimeInterval.FromMilliseconds(250));
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .WithArtifactsPath(options.Find("artifacts") ?? Path.Combine(Path.GetTempPath(), "chatblock-bdn"));
        var summary = BenchmarkRunner.Run<GateBenchmarks>(config);
        var reported = 0;
        foreach (var report in summary.Reports)
        {
            if (report.ResultStatistics is not { } statistics)
            {
                continue;
            }

            var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            Results.Append(results, $"micro.{name}.ns", statistics.Mean);
            Results.Append(results, $"micro.{name}.bytes", report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0);
            reported++;
        }

        return reported == summary.BenchmarksCases.Length ? 0 : 1;
    }
}
