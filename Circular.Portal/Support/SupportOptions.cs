namespace Circular.Portal.Support;

/// <summary><c>Support:*</c> settings.</summary>
public sealed class SupportOptions
{
    /// <summary>How long a view as a company lasts before it ends by itself (default 30 minutes).</summary>
    public TimeSpan ImpersonationLimit { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>When true, every company must grant access ("allow support access until …") before support may view it.</summary>
    public bool RequireGrant { get; set; }
}
