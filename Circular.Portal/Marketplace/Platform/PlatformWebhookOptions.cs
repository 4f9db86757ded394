namespace Circular.Portal.Marketplace.Platform;

/// <summary>Section <c>Platform</c>: where and how the platform is told of outcomes.</summary>
public sealed class PlatformWebhookOptions
{
    /// <summary>The platform's HTTPS endpoint; empty means events are only served by the changes feed.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The shared secret the body is signed with (HMAC-SHA256). Required with <see cref="WebhookUrl"/>.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How often the sender looks for events due.</summary>
    public TimeSpan SendInterval { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxAttempts { get; set; } = 12;

    /// <summary>Full-jitter backoff: the n-th retry waits a random time in [0, min(cap, base·2^n)].</summary>
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan RetryCap { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The feed serves only events published at least this long ago, so an event whose transaction commits a moment after
    /// a read can never fall behind a cursor that read already passed.
    /// </summary>
    public TimeSpan FeedSettleDelay { get; set; } = TimeSpan.FromSeconds(2);
}
