using ChatBlock.Silo.Clustering;
using Microsoft.Extensions.Options;

namespace ChatBlock.Silo.Storage.Sqlite;

/// <summary>PLACEHOLDER: being written.</summary>
public sealed class SqliteChatStore(IOptions<StorageOptions> options, IClusterChannel channel) : IChatStore
{
}
