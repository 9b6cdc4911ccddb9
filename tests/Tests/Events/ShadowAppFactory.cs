namespace ChatBlock.Tests.Events;

/// <summary>The app under <c>Blocking:Disclosure=Shadow</c>.</summary>
public sealed class ShadowAppFactory : LiveAppFactory
{
    protected override IReadOnlyDictionary<string, string> Settings =>
        new Dictionary<string, string>(base.Settings) { ["Blocking:Disclosure"] = "Shadow" };
}
