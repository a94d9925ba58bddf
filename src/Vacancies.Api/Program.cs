using Vacancies.Hosting;

return await CommandLine.RunAsync(args);

/// <summary>The entry point, public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
