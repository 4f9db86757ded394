using Circular.Portal.Data;
using Circular.Portal.Notifications;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Circular.Portal.Tests.Notifications;

/// <summary>
/// A portal on a fake clock whose SMTP server can be switched off and on again on the same port (an outage), with
/// Portal:PublicUrl set and delivery polled only hourly, so an email that arrives at once was woken by its commit.
/// </summary>
public sealed class EmailPortalFixture : IAsyncLifetime
{
    public const string PublicUrl = "https://portal.example.test";
    public const int MaxAttempts = 3;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    public int SmtpPort { get; } = SmtpSink.FreePort();
    public SmtpSink? Smtp { get; private set; }
    public PortalFactory Portal { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Portal = new PortalFactory(settings: new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Portal:PublicUrl"] = PublicUrl,
            ["Email:PollInterval"] = "01:00:00",
            ["Email:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, configure: b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock)));
        _ = Portal.Services;
        return Task.CompletedTask;
    }

    public SmtpSink StartSmtp() => Smtp ??= new SmtpSink(SmtpPort);

    public async Task StopSmtpAsync()
    {
        if (Smtp is null) return;
        await Smtp.DisposeAsync();
        Smtp = null;
    }

    /// <summary>One delivery run in this test's flow, as the job would make it (a second worker besides Quartz's).</summary>
    public async Task<EmailDeliveryReport> DeliverAsync()
    {
        await using var scope = Portal.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsSystem("Tests");
        return await scope.ServiceProvider.GetRequiredService<EmailOutbox>().DeliverDueAsync(default);
    }

    public Task<OutboundEmail> EmailAsync(string subject) =>
        Portal.QueryAsync(db => db.Set<OutboundEmail>().AsNoTracking().Include(e => e.Notification).SingleAsync(e => e.Subject == subject));

    /// <summary>Waits until the email's row satisfies <paramref name="done"/> (the woken job works in the background).</summary>
    public async Task<OutboundEmail> WaitForEmailAsync(string subject, Func<OutboundEmail, bool> done)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var email = await Portal.QueryAsync(db => db.Set<OutboundEmail>().AsNoTracking().Include(e => e.Notification).SingleOrDefaultAsync(e => e.Subject == subject));
            if (email is not null && done(email)) return email;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Email \"{subject}\" is {email?.Status} after {email?.Attempts} attempts: {email?.LastError}");
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await StopSmtpAsync();
    }
}
