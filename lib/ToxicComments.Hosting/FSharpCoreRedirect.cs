using System.Reflection;
using System.Runtime.Loader;

namespace ToxicComments.Hosting;

/// <summary>
/// Plotly.NET 6 is compiled against FSharp.Core 10.1, but the .NET Interactive notebook kernel (Jupyter, VS Code) ships
/// FSharp.Core 10.0 in the default load context, so the first chart fails with "Could not load FSharp.Core,
/// Version=10.1.0.0". FSharp.Core keeps binary compatibility within a major version, so a request for a newer
/// minor version is answered with the copy already loaded. Elsewhere the handler never fires: apps and tests
/// carry FSharp.Core 10.1 next to them.
/// </summary>
internal static class FSharpCoreRedirect
{
    private static int installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref installed, 1) == 0)
        {
            AssemblyLoadContext.Default.Resolving += Resolve;
        }
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName requested)
    {
        if (requested.Name != "FSharp.Core")
        {
            return null;
        }
        return AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(loaded => loaded.GetName() is { Name: "FSharp.Core" } name
                && name.Version?.Major == requested.Version?.Major);
    }
}
