namespace Vacancies.Tests.Infrastructure;

/// <summary>An API test with one fake board on loopback, started before and stopped after each test.</summary>
public abstract class FakeBoardTest(DatabaseFixture database) : ApiTest(database)
{
    protected FakeBoard Board { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Board = await FakeBoard.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Board.DisposeAsync();
    }
}
