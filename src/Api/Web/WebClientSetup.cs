using Microsoft.Net.Http.Headers;

namespace ChatBlock.Api.Web;

/// <summary>Serves the web client (issue 4) from <c>wwwroot</c>: plain HTML, CSS and JavaScript modules, no build step.</summary>
public static class WebClientSetup
{
    /// <summary>
    /// What the client's pages may load: only this origin, plus avatar images from any http(s) address (users give avatar URLs).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' https: http: data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Serves <c>/</c> as <c>index.html</c> and the files of <c>wwwroot</c>, revalidated on every load (so a new version is never
    /// mixed with a cached one), with a strict content security policy on pages. Runs before routing; API routes are unaffected.
    /// </summary>
    public static IApplicationBuilder UseWebClient(this IApplicationBuilder app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.CacheControl = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    headers[HeaderNames.XFrameOptions] = "DENY";
                    headers["Referrer-Policy"] = "no-referrer";
                }
            },
        });
        return app;
    }
}
