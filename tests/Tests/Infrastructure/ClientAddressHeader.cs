using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBlock.Tests.Infrastructure;

/// <summary>
/// Test-only: makes a request's <c>X-Test-Client-Address</c> header its remote address (the in-memory test server has none), so
/// that tests can act as several clients for per-address limits; and <c>X-Test-Lose-Answer</c> throws the app's answer away and
/// sends <c>500</c> instead, after the handler has finished, as when a commit succeeds and the answer is lost in an outage.
/// </summary>
public sealed class ClientAddressHeader : IStartupFilter
{
    public const string AddressHeader = "X-Test-Client-Address";
    public const string LoseAnswerHeader = "X-Test-Lose-Answer";

    /// <summary>Registers the filter in an app's services (pass as <c>services:</c> of <see cref="ChatApp"/>).</summary>
    public static void Add(IServiceCollection services) => services.AddSingleton<IStartupFilter, ClientAddressHeader>();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(AddressHeader, out var address))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
            }

            if (!context.Request.Headers.ContainsKey(LoseAnswerHeader))
            {
                await nextMiddleware(context);
                return;
            }

            var body = context.Response.Body;
            context.Response.Body = new MemoryStream();
            await nextMiddleware(context);
            context.Response.Body = body;
            context.Response.Headers.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        });
        next(app);
    };
}
