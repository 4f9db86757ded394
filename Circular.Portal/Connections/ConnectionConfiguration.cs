using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Circular.Portal.Connections;

public sealed class ConnectionConfiguration : IEntityTypeConfiguration<AtsConnection>
{
    public void Configure(EntityTypeBuilder<AtsConnection> b)
    {
        b.ToTable("AtsConnections");
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.State).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.PublicId).HasMaxLength(40);
        b.Property(c => c.Account).HasMaxLength(100);
        b.Property(c => c.Environment).HasMaxLength(20);
        b.Property(c => c.AccountName).HasMaxLength(200);
        b.Property(c => c.ActingUserId).HasMaxLength(100);
        b.Property(c => c.ActingUserName).HasMaxLength(200);
        b.Property(c => c.SecretHint).HasMaxLength(4);
        b.Property(c => c.GrantedScopes).HasMaxLength(2000);
        b.Property(c => c.WebhookSubscriptionId).HasMaxLength(200);
        b.Property(c => c.LastError).HasMaxLength(1000);
        b.Property(c => c.WebhookWarning).HasMaxLength(1000);
        b.Property(c => c.StatusCursor).HasMaxLength(500);
        b.Property(c => c.LastStatusPollError).HasMaxLength(1000);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => c.PublicId).IsUnique();
        // One live connection per vendor and company; disconnected ones stay as history.
        b.HasIndex(c => new { c.CompanyId, c.Kind }).IsUnique().HasFilter("\"State\" <> 'Disconnected'");
        b.HasOne<Accounts.Company>().WithMany().HasForeignKey(c => c.CompanyId).OnDelete(DeleteBehavior.Restrict);
    }
}
