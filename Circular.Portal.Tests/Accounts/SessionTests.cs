using System.Net;
using Circular.Portal.Accounts;
using Circular.Portal.Tests.TestSupport;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Circular.Portal.Tests.Accounts;

/// <summary>What a session is worth after sign-out, and what sign-in gives away about which emails have an account.</summary>
public sealed class SessionTests(SessionTests.Host host) : IClassFixture<SessionTests.Host>
{
    public sealed class Host : IDisposable
    {
        public CountingHasher Hasher { get; } = new();

        public PortalFactory Factory { get; }

        public Host() => Factory = new PortalFactory(configure: web => web.ConfigureTestServices(services =>
            services.AddSingleton<IPasswordHasher<PortalUser>>(Hasher)));

        public void Dispose() => Factory.Dispose();
    }

    /// <summary>Identity's own hasher, counting verifications.</summary>
    public sealed class CountingHasher : IPasswordHasher<PortalUser>
    {
        private readonly PasswordHasher<PortalUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(PortalUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [Fact]
    public async Task Signing_in_with_an_unknown_email_does_the_same_password_hash_work_as_a_known_one()
    {
        var (_, known) = await host.Factory.CreateAsync("Timing Co");
        var client = host.Factory.CreateClient(new() { AllowAutoRedirect = false });

        var before = host.Hasher.Verifications;
        var (_, unknownBody) = await SignIn.PostLoginAsync(client, $"nobody-{Guid.NewGuid():N}@timing.example", "wrong-password-1");
        var forUnknown = host.Hasher.Verifications - before;
        before = host.Hasher.Verifications;
        var (_, knownBody) = await SignIn.PostLoginAsync(client, known, "wrong-password-1");
        var forKnown = host.Hasher.Verifications - before;

        Assert.Equal(1, forKnown);
        Assert.Equal(forKnown, forUnknown);
        Assert.Contains("That email and password do not match an account.", unknownBody);
        Assert.Contains("That email and password do not match an account.", knownBody);
    }

    [Fact]
    public async Task After_sign_out_a_copy_of_the_old_cookie_is_refused()
    {
        var (_, email) = await host.Factory.CreateAsync("Signout Co");
        var cookies = new CookieContainer();
        var browser = host.Factory.CreateDefaultClient(new CookieContainerHandler(cookies));
        var (status, _) = await SignIn.PostLoginAsync(browser, email, DemoSeeder.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, status);
        var antiforgery = host.Factory.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;
        var copied = string.Join("; ", cookies.GetCookies(browser.BaseAddress!).Where(c => c.Name != antiforgery.Cookie.Name).Select(c => $"{c.Name}={c.Value}"));
        var bare = host.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(bare, "/jobs", copied)).StatusCode);

        var (cookieToken, formToken) = await AntiforgeryTokensForAsync(email);
        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/account/logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { [antiforgery.FormFieldName] = formToken }),
        };
        signOut.Headers.Add("Cookie", $"{copied}; {antiforgery.Cookie.Name}={cookieToken}");
        var signedOut = await bare.SendAsync(signOut);
        var afterwards = await GetAsync(bare, "/jobs", copied);

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.Contains("/account/login", afterwards.Headers.Location?.OriginalString);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    /// <summary>The tokens the profile menu's sign-out form would carry for this user (the menu renders them only when opened).</summary>
    private async Task<(string Cookie, string Form)> AntiforgeryTokensForAsync(string email)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>();
        var user = await signIn.UserManager.FindByEmailAsync(email) ?? throw new InvalidOperationException(email);
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider, User = await signIn.CreateUserPrincipalAsync(user) };
        var tokens = scope.ServiceProvider.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return (tokens.CookieToken!, tokens.RequestToken!);
    }
}
