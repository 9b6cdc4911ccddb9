using System.Globalization;

namespace ChatBlock.Benchmarks;

/// <summary>Appends <c>name&lt;TAB&gt;value</c> lines to the results file that run.sh turns into the table.</summary>
internal static class Results
{
    public static void Append(string file, string name, double value)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{name}\t{value:0.###}\n");
        File.AppendAllText(file, line);
        Console.Write(line);
    }

    /// <summary>The <paramref name="p"/>-th percentile (0-100) of <paramref name="sorted"/>, nearest rank.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
