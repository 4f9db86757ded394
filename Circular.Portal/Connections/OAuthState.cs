using Circular.Portal.Data;
using Circular.Portal.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Circular.Portal.Connections;

/// <summary>
/// One OAuth round trip in flight: the random state sent to the vendor (stored only as a hash), who started it, for which
/// vendor and environment, and the connection to reconnect if any. Single use, expires after 10 minutes.
/// </summary>
public sealed class OAuthState : ICompanyOwned
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public required string StateHash { get; set; }
    public required string UserId { get; set; }
    public AtsKind Kind { get; set; }
    public string? Environment { get; set; }
    public int? ReconnectConnectionId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

public sealed class OAuthStateConfiguration : IEntityTypeConfiguration<OAuthState>
{
    public void Configure(EntityTypeBuilder<OAuthState> b)
    {
        b.ToTable("OAuthStates");
        b.Property(s => s.StateHash).HasMaxLength(64);
        b.Property(s => s.UserId).HasMaxLength(450);
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Environment).HasMaxLength(20);
        b.HasIndex(s => s.StateHash).IsUnique();
    }
}
