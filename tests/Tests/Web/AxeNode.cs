namespace ChatBlock.Tests.Web;

/// <summary>An element failing an axe-core rule.</summary>
/// <param name="Target">Its CSS selector.</param>
/// <param name="Html">Its opening markup.</param>
/// <param name="Summary">axe-core's "Fix any of the following" text.</param>
public sealed record AxeNode(string Target, string Html, string? Summary);
