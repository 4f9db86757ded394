namespace Circular.Portal.Data.Audit;

/// <summary>The actor may not do this (a read-only impersonation writing, or an always-forbidden action). Already audited.</summary>
public sealed class ActorRefusedException(string message) : InvalidOperationException(message);
