using Circular.Portal.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Circular.Portal.Accounts;

public static class AccountsRegistration
{
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/access-denied";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.Events.OnValidatePrincipal = SessionValidation.ValidateAsync;
        });
        services.AddScoped<CurrentActor>();
        services.AddAuthorization(PortalPolicies.Add);
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ActorRequirementHandler>();
        // Identity rebuilds the principal from the user at its refresh interval: keep an impersonation's claims on it.
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = refresh =>
        {
            if (refresh.CurrentPrincipal is { } current && refresh.NewPrincipal is { } fresh) ImpersonationClaims.CopyTo(current, fresh);
            return Task.CompletedTask;
        });
        services.AddIdentityCore<PortalUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager<PortalSignInManager>()
            .AddClaimsPrincipalFactory<PortalClaimsFactory>()
            .AddDefaultTokenProviders();
        // Identity's stores use a plain scoped context; give them one from the same factory.
        services.AddScoped(sp => sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<PortalDbContext>>().CreateDbContext());
        var keyRing = services.AddDataProtection().SetApplicationName("Circular.Portal").PersistKeysToDbContext<PortalDbContext>();
        // In production the key ring is encrypted with a certificate kept outside the database (a mounted secret),
        // so a copy of the database alone decrypts no token. Production refuses to start without one (Hosting/ProductionRequirements).
        var certificate = builder.Configuration["DataProtection:CertificatePath"];
        if (!string.IsNullOrWhiteSpace(certificate))
        {
            keyRing.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                Path.GetFullPath(certificate, builder.Environment.ContentRootPath), builder.Configuration["DataProtection:CertificatePassword"]));
        }
        services.AddScoped<DemoSeeder>();
        return builder;
    }
}
