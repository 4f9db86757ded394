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
/// One per circuit: refuses a user's circuit past <see cref="CircuitLimits.MaxPerUser"/>, so one account (or a stolen
/// cookie in a loop) cannot hold the server's memory with circuits. A refused circuit fails to start; the browser shows
/// the reload prompt and the log says why.
/// </summary>
public sealed class PerUserCircuitLimit(
    UserCircuitCounter counter, CircuitLimits limits, AuthenticationStateProvider authentication, ILogger<PerUserCircuitLimit> log) : CircuitHandler
{
    private string? _countedUser;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (user is null) return;
        if (!counter.TryOpen(user, limits.MaxPerUser))
        {
            log.LogWarning("Refused a circuit for user {UserId}: already {Open} open, the limit is {Max}", user, counter.OpenFor(user), limits.MaxPerUser);
            throw new CircuitLimitExceededException(limits.MaxPerUser);
        }
        _countedUser = user;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (_countedUser is { } user)
        {
            _countedUser = null;
            counter.Close(user);
        }
        return Task.CompletedTask;
    }
}

public sealed class CircuitLimitExceededException(int max)
    : InvalidOperationException($"This account already has {max} portal tabs open; close one and reload.");
