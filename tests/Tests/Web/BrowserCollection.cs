using ChatBlock.Tests.Infrastructure;

namespace ChatBlock.Tests.Web;

/// <summary>Browser tests share one app on a real port and run one at a time (each starts one or two Chromium processes).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<LiveChatApp>
{
    public const string Name = "Browser";
}
