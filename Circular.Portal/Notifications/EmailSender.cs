using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Circular.Portal.Notifications;

public sealed class SmtpOptions
{
    /// <summary>SMTP server; when empty, mail goes to <see cref="PickupFolder"/> instead (the Development default).</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? Username { get; set; }
    public string? Password { get; set; }
    /// <summary>Auto: STARTTLS when the server offers it (required in Production). StartTls, SslOnConnect, or None for a local relay.</summary>
    public string Security { get; set; } = "Auto";
    public string From { get; set; } = "Circular Portal <no-reply@circular.example>";
    /// <summary>Relative to the data folder; each message is written as an .eml file there when no Host is set.</summary>
    public string PickupFolder { get; set; } = "mail";
}

/// <summary>Sends email with MailKit over SMTP, or drops it as .eml files in the pickup folder when no server is configured.</summary>
public sealed class EmailSender(IOptions<SmtpOptions> options, IOptions<Marketplace.StorageOptions> storage, IWebHostEnvironment env, ILogger<EmailSender> log)
{
    public string PickupPath => Path.Combine(Path.GetFullPath(storage.Value.DataFolder, env.ContentRootPath), options.Value.PickupFolder);

    public async Task SendAsync(string toAddress, string subject, string textBody, CancellationToken ct)
    {
        var settings = options.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(MailboxAddress.Parse(toAddress));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = textBody };

        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            Directory.CreateDirectory(PickupPath);
            var path = Path.Combine(PickupPath, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
            await message.WriteToAsync(path, ct);
            log.LogInformation("Email \"{Subject}\" written to the pickup folder", subject);
            return;
        }

        using var client = new SmtpClient { Timeout = 15_000 };
        var security = Hosting.SmtpSecurity.Options(settings.Security, env);
        await client.ConnectAsync(settings.Host, settings.Port, security, ct);
        if (!string.IsNullOrEmpty(settings.Username))
        {
            await client.AuthenticateAsync(settings.Username, settings.Password ?? "", ct);
        }
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
        log.LogInformation("Email \"{Subject}\" sent over SMTP", subject);
    }
}
