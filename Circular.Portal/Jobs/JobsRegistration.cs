namespace Circular.Portal.Jobs;

public static class JobsRegistration
{
    public static IHostApplicationBuilder AddAtsJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DescriptionSanitizer>();
        builder.Services.AddSingleton<MatchSuggester>();
        builder.Services.AddSingleton<ImportRunner>();
        builder.Services.AddScoped<JobImporter>();
        builder.Services.AddScoped<JobLinker>();
        builder.Services.AddScoped<MappingHealthCheck>();
        return builder;
    }
}
