namespace ChatBlock.Tests.Events;

/// <summary>The app with a very short keep-alive interval, so that a test can see keep-alive comments without waiting long.</summary>
public sealed class KeepAliveAppFactory : LiveAppFactory
{
    protected override IReadOnlyDictionary<string, string> Settings =>
        new Dictionary<string, string>(base.Settings) { ["Events:KeepAliveInterval"] = "00:00:00.050" };
}
