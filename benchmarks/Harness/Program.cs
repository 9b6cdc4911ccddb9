using ChatBlock.Benchmarks;

// One executable, one command per measurement; benchmarks/run.sh calls each and reads the "name<TAB>value" lines they
// append to the results file.
return args is [var command, ..] ? await Commands.RunAsync(command, HarnessArgs.Parse(args[1..])) : Commands.Usage();
