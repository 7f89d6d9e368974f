namespace Ami.Domain.Tests;

/// <summary>Files of the repository, found by walking up from the test binaries to the solution.</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string ReadText(params string[] parts) => File.ReadAllText(Path(parts));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "AmiFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AmiFunctions.sln introuvable au-dessus de " + AppContext.BaseDirectory);
    }
}
