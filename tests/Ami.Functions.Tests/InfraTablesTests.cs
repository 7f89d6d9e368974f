using System.Text.RegularExpressions;
using Ami.Workflow.Actions;
using Ami.Workflow.Mail;
using Ami.Workflow.Payments;
using Ami.Workflow.Storage;

namespace Ami.Functions.Tests;

/// <summary>
/// The tables the Bicep template creates are the tables the app uses: a table the code adds and the template
/// forgets fails in Azure only (the app's identity may not create tables), and a table the template keeps for
/// nothing misleads whoever reads it.
/// </summary>
public sealed partial class InfraTablesTests
{
    [Fact]
    public void BicepTables_AreTheTablesTheAppUses()
    {
        var bicep = File.ReadAllText(Path.Combine(RepoRoot(), "infra", "bicep", "main.bicep"));
        var list = TableList().Match(bicep);
        Assert.True(list.Success, "var tableNames = [ … ] not found in infra/bicep/main.bicep");
        var declared = Quoted().Matches(list.Groups[1].Value).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();

        var used = TableNames.All
            .Append(TableActionStore.TableName)
            .Append(TablePaymentLedger.TableName)
            .Append(TableSentMailLog.TableName)
            .Append(Ami.Workflow.Workspaces.TableCpSessionStore.TableName)
            .Append(Ami.Workflow.Workspaces.JurySheetDrafts.TableName)
            .Append(Ami.Workflow.Workspaces.JuryOpinionDrafts.TableName)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(used, declared);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AmiFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AmiFunctions.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"var tableNames = \[(.*?)\]", RegexOptions.Singleline)]
    private static partial Regex TableList();

    [GeneratedRegex(@"'([^']+)'")]
    private static partial Regex Quoted();
}
