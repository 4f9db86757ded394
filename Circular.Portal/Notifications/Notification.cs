using Circular.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Circular.Portal.Notifications;

public enum NotificationLevel { Info, Success, Warning, Error }

/// <summary>An in-app notification for one user (the bell), optionally also sent by email.</summary>
public sealed class Notification : ICompanyOwned
{
    public long Id { get; set; }
    public int CompanyId { get; set; }
    public required string UserId { get; set; }
    public required string Title { get; set; }
    public string Body { get; set; } = "";
    public string? Link { get; set; }
    public NotificationLevel Level { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    public DateTimeOffset? EmailedAt { get; set; }
    public string? EmailError { get; set; }
}

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.UserId).HasMaxLength(450);
        b.Property(n => n.Title).HasMaxLength(200);
        b.Property(n => n.Body).HasMaxLength(2000);
        b.Property(n => n.Link).HasMaxLength(300);
        b.Property(n => n.Level).HasConversion<string>().HasMaxLength(10);
        b.Property(n => n.EmailError).HasMaxLength(500);
        b.HasIndex(n => new { n.UserId, n.ReadAt, n.CreatedAt });
    }
}
