namespace ChatBlock.Tests.Web;

/// <summary>One axe-core rule that failed, and where.</summary>
/// <param name="Id">The rule, e.g. <c>color-contrast</c>.</param>
/// <param name="Impact"><c>minor</c>, <c>moderate</c>, <c>serious</c> or <c>critical</c>.</param>
/// <param name="Help">What the rule asks for.</param>
/// <param name="HelpUrl">Deque's page for the rule.</param>
/// <param name="Nodes">The elements that fail it.</param>
public sealed record AxeViolation(string Id, string? Impact, string Help, string HelpUrl, IReadOnlyList<AxeNode> Nodes);
