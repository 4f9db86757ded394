namespace Circular.Portal.Notifications;

/// <summary>How the email outbox is drained (section <c>Email</c>).</summary>
public sealed class EmailDeliveryOptions
{
    /// <summary>After this many failed attempts an email is dead: the notification says it was not sent.</summary>
    public int MaxAttempts { get; set; } = 8;
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan RetryCap { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a worker holds an email it is sending; longer than the SMTP timeout.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the outbox is looked at besides the wake-up after each commit (picks up retries).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);
    public int BatchSize { get; set; } = 50;
}
