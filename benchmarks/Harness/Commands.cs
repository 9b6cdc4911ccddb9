namespace ChatBlock.Benchmarks;

/// <summary>The harness commands.</summary>
internal static class Commands
{
    public static async Task<int> RunAsync(string command, HarnessArgs options)
    {
        switch (command)
        {
            case "micro":
                return MicroCommand.Run(options);
            case "setup":
                return await SetupCommand.RunAsync(options);
            case "cold":
                return await ColdActivationCommand.RunAsync(options);
            case "memory":
                return await MemoryCommand.RunAsync(options);
            default:
                return Usage();
        }
    }

    public static int Usage()
    {
        Console.Error.WriteLine("""
            usage: ChatBlock.Benchmarks <command> [--name value ...]
              micro   --results FILE [--artifacts DIR]
              setup   --api URL --pg CONNSTR --pairs N --blocked N --out DIR
              cold    --pg CONNSTR --users N --results FILE
              memory  --pg CONNSTR --first N --count N --label NAME --results FILE
            """);
        return 2;
    }
}
