using System.Runtime.CompilerServices;
using ToxicComments.Hosting;

namespace ToxicComments.Tests.Support;

internal static class TestAssemblyInitializer
{
    /// <summary>
    /// The tests are a host like the <c>toxic</c> command: they apply the platform fixes as their assembly loads,
    /// before any test touches TorchSharp (the library itself changes nothing when it loads).
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize() => PlatformFixes.Apply();
}
