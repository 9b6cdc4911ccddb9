using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ChatBlock.Tests.Telemetry;

/// <summary>
/// A test-only route, <c>GET /test/hold</c>, appended after the app's own pipeline: it signals <see cref="Entered"/> and answers
/// 200 once <see cref="Release"/> is called, so a test holds one accepted request in flight for as long as it needs.
/// </summary>
public sealed class HeldRequests : IStartupFilter
{
    /// <summary>The path of the held route.</summary>
    public const string Path = "/test/hold";

    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a held request has entered the app.</summary>
    public Task Entered => _entered.Task;

    /// <summary>Lets held requests answer.</summary>
    public void Release() => _released.TrySetResult();

    /// <inheritdoc />
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.Path != Path)
            {
                await nextMiddleware(context);
                return;
            }

            _entered.TrySetResult();
            await _released.Task;
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
    };
}
