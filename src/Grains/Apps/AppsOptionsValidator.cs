using ChatBlock.Storage;
using Microsoft.Extensions.Options;

namespace ChatBlock.Grains.Apps;

/// <summary>
/// Checks the <c>Apps</c> section at start (SPEC section 8): app ids 1-64 of <c>A-Za-z0-9_-</c> and not the built-in
/// <c>default</c>, a client key of 1-256 characters, a server key of 32+ characters, a webhook URL (when set) absolute http(s).
/// Each failure is one line naming its key and never quotes a key's value.
/// </summary>
public sealed class AppsOptionsValidator : IValidateOptions<AppsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AppsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (appId, app) in options)
        {
            var key = $"{AppsOptions.SectionName}:{appId}";
            if (!AppRegistry.IsValidAppId(appId))
            {
                failures.Add($"{key}: an app id must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'.");
                continue;
            }

            if (appId == UserRecord.DefaultAppId)
            {
                failures.Add($"{key}: '{UserRecord.DefaultAppId}' is the built-in app of register/login accounts and takes no keys.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(app.ClientKey) || app.ClientKey.Length > AppRegistry.MaxClientKeyLength)
            {
                failures.Add($"{key}:ClientKey is required (1-{AppRegistry.MaxClientKeyLength} characters).");
            }

            if (app.ServerKey is null || app.ServerKey.Trim().Length < AppRegistry.MinServerKeyLength)
            {
                failures.Add($"{key}:ServerKey is required and must be at least {AppRegistry.MinServerKeyLength} characters.");
            }

            if (!string.IsNullOrEmpty(app.WebhookUrl)
                && (!Uri.TryCreate(app.WebhookUrl, UriKind.Absolute, out var url)
                    || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
            {
                failures.Add($"{key}:WebhookUrl must be an absolute http or https URL.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
