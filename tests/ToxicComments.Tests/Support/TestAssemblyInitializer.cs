using System.Runtime.CompilerServices;
using ToxicComments.Runtime;

namespace ToxicComments.Tests.Support;

internal static class TestAssemblyInitializer
{
    /// <summary>
    /// Some tests call TorchSharp directly, and xunit may run one of them before any test touches this project's
    /// library, whose own initializer applies the native fix. Apply it as the test assembly loads.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize() => TorchRuntime.Initialize();
}
