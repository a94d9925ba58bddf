namespace Vacancies.Tests.Infrastructure;

/// <summary>For what happens a moment later (a notice, a scheduler's fire): polls until it holds or patience runs out.</summary>
public static class Eventually
{
    /// <returns>True when the condition held within <paramref name="patience"/>.</returns>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan patience, TimeSpan interval)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(interval);
        }

        return await condition();
    }
}
