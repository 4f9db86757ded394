namespace Circular.Portal.Data;

/// <summary>Thrown by the save guard when a write would touch another company's row.</summary>
public sealed class TenantViolationException(string message) : InvalidOperationException(message);
