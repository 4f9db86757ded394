using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Circular.Portal.Components;

/// <summary>Open circuits per user id, across the process.</summary>
public sealed class UserCircuitCounter
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    public int OpenFor(string userId) => _open.GetValueOrDefault(userId);

    /// <summary>Counts one more circuit for the user unless that would pass <paramref name="max"/>.</summary>
    public bool TryOpen(string userId, int max)
    {
        while (true)
        {
            var current = _open.GetValueOrDefault(userId);
            if (current >= max) return false;
            if (current == 0 ? _open.TryAdd(userId, 1) : _open.TryUpdate(userId, current + 1, current)) return true;
        }
    }

    public void Close(string userId)
    {
        while (true)
        {
            if (!_open.TryGetValue(userId, out var current)) return;
            if (current <= 1 ? _open.TryRemove(new KeyValuePair<string, int>(userId, current)) : _open.TryUpdate(userId, current - 1, current)) return;
        }
    }
}

/// <summary>
/// One per circuit: refuses a user's connected circuit past <see cref="CircuitLimits.MaxPerUser"/>, so one account (or a
/// stolen cookie in a loop) cannot hold the server's memory with circuits. Connected circuits count: a closed tab's
/// circuit stops counting when its connection drops (the server keeps it a few minutes for a reconnect, bounded by
/// <see cref="CircuitLimits.DisconnectedCircuitMaxRetained"/>) and counts again if it reconnects. A refused circuit fails
/// to start; the browser shows the reload prompt and the log says why.
/// </summary>
public sealed class PerUserCircuitLimit(
    UserCircuitCounter counter, CircuitLimits limits, AuthenticationStateProvider authentication, ILogger<PerUserCircuitLimit> log) : CircuitHandler
{
    private string? _user;
    private bool _counted;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken) =>
        _user = (await authentication.GetAuthenticationStateAsync()).User.FindFirstValue(ClaimTypes.NameIdentifier);

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (_user is null || _counted) return Task.CompletedTask;
        if (!counter.TryOpen(_user, limits.MaxPerUser))
        {
            log.LogWarning("Refused a circuit for user {UserId}: already {Open} connected, the limit is {Max}", _user, counter.OpenFor(_user), limits.MaxPerUser);
            throw new CircuitLimitExceededException(limits.MaxPerUser);
        }
        _counted = true;
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken) => Release();

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken) => Release();

    private Task Release()
    {
        if (_counted && _user is not null)
        {
            _counted = false;
            counter.Close(_user);
        }
        return Task.CompletedTask;
    }
}

public sealed class CircuitLimitExceededException(int max)
    : InvalidOperationException($"This account already has {max} portal tabs open; close one and reload.");
