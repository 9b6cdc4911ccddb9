// The ceiling for refused sends: a minimal-API endpoint at the same path that answers every send with the same JSON the
// service sends when it refuses one (403, application/problem+json, the body read from BODY_FILE), doing nothing else: no
// auth, no grains, no storage. Same host defaults as the service (Kestrel, server GC, logging at Warning).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();

var body = System.Text.Encoding.UTF8.GetBytes(await File.ReadAllTextAsync(
    app.Configuration["BODY_FILE"] ?? throw new InvalidOperationException("Set BODY_FILE to the JSON body to answer with.")));

app.MapPost("/api/v1/conversations/{id}/messages", (HttpContext context) =>
{
    context.Response.StatusCode = StatusCodes.Status403Forbidden;
    context.Response.ContentType = "application/problem+json";
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body).AsTask();
});

app.Run();
