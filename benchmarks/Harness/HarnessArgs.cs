using System.Globalization;

namespace ChatBlock.Benchmarks;

/// <summary><c>--name value</c> pairs.</summary>
internal sealed class HarnessArgs(Dictionary<string, string> values)
{
    public static HarnessArgs Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new HarnessArgs(values);
    }

    public string Get(string name) =>
        values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    public string? Find(string name) => values.GetValueOrDefault(name);

    public int GetInt(string name, int fallback) =>
        values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
