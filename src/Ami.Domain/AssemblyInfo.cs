using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Ami.Domain.Tests")]
