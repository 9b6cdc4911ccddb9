using Microsoft.Extensions.Options;

namespace ChatBlock.Api.Infrastructure;

/// <summary>
/// Checks the configuration before the host starts: a configuration fault (a failed options validation, or a value the
/// configuration binder cannot convert) becomes one line per fault on standard error, <c>Configuration error: ...</c>, naming
/// the key, and exit code 1 instead of an unhandled exception with a stack trace (issue 14, operators).
/// </summary>
public static class StartupErrors
{
    // The start of the configuration binder's message for a value it cannot convert; it names the key and the value.
    private const string BinderFault = "Failed to convert configuration value";

    /// <summary>
    /// Runs every options check registered with <c>ValidateOnStart</c> (binding included) before anything resolves a service;
    /// on a configuration fault writes one line per fault to standard error and returns <see langword="false"/>.
    /// </summary>
    /// <exception cref="Exception">Any other fault, unchanged.</exception>
    public static bool ConfigurationIsValid(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return true;
        }
        catch (Exception e) when (ConfigurationFaults(e) is { Count: > 0 } faults)
        {
            foreach (var fault in faults)
            {
                Console.Error.WriteLine($"Configuration error: {fault}");
            }

            return false;
        }
    }

    /// <summary>The configuration faults in <paramref name="exception"/> (one message each); empty when it is another fault.</summary>
    internal static IReadOnlyList<string> ConfigurationFaults(Exception exception)
    {
        var faults = new List<string>();
        Collect(exception, faults);
        return faults;
    }

    private static bool Collect(Exception exception, List<string> faults)
    {
        switch (exception)
        {
            case OptionsValidationException validation:
                faults.AddRange(validation.Failures);
                return true;
            case InvalidOperationException when exception.Message.StartsWith(BinderFault, StringComparison.Ordinal):
                faults.Add(exception.Message);
                return true;
            case AggregateException aggregate:
                var all = true;
                foreach (var inner in aggregate.InnerExceptions)
                {
                    all &= Collect(inner, faults);
                }

                if (!all)
                {
                    faults.Clear();
                }

                return all;
            default:
                return false;
        }
    }
}
