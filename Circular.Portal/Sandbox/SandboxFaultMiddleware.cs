namespace Circular.Portal.Sandbox;

/// <summary>
/// Serves the faults that do not fit an emulator's own error switch, for every vendor alike: a queued raw answer
/// (<see cref="SandboxFaults.Answer"/>) and a write whose effect happened but whose answer is lost
/// (<see cref="SandboxFaults.LoseWriteAnswers"/>: the response is held back and the connection cut, as a timeout looks),
/// or whose answer waits for a test's release (<see cref="SandboxFaults.HoldNextWriteAnswer"/>).
/// The account's faults are found through <see cref="SandboxFaults.Decide"/>, which every emulator's gate calls.
/// </summary>
public static class SandboxFaultMiddleware
{
    private static readonly AsyncLocal<Slot?> Current = new();

    private sealed class Slot
    {
        public SandboxFaults? Faults;
    }

    internal static void Attach(SandboxFaults faults)
    {
        if (Current.Value is { } slot) slot.Faults = faults;
    }

    public static IApplicationBuilder UseSandboxFaults(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        var slot = new Slot();
        Current.Value = slot;
        var original = ctx.Response.Body;
        using var buffer = new MemoryStream();
        ctx.Response.Body = buffer;
        try
        {
            await next(ctx);
        }
        catch (SandboxForcedAnswerException forced)
        {
            buffer.SetLength(0);
            ctx.Response.Clear();
            ctx.Response.StatusCode = forced.Answer.Status;
            if (forced.Answer.RetryAfter is { } retryAfter) ctx.Response.Headers.RetryAfter = retryAfter;
            await ctx.Response.WriteAsJsonAsync(new { error = forced.Answer.Message, message = forced.Answer.Message });
        }
        finally
        {
            ctx.Response.Body = original;
        }
        if (slot.Faults is { } faults && HttpMethods.IsPost(ctx.Request.Method) && ctx.Response.StatusCode is >= 200 and < 300 && faults.TakeLostWriteAnswer())
        {
            ctx.Abort();
            return;
        }
        if (slot.Faults is { } holding && HttpMethods.IsPost(ctx.Request.Method) && ctx.Response.StatusCode is >= 200 and < 300
            && holding.TakeHeldWriteAnswer() is { } hold)
        {
            try
            {
                await hold.HoldAsync(ctx.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the caller is gone: nobody to answer
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, ctx.RequestAborted);
    });
}
