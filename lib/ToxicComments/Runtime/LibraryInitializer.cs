using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace ToxicComments.Runtime;

/// <summary>
/// Platform fixes that must be in place before TorchSharp or Plotly.NET is first touched. A module initializer
/// is the one hook that runs before any of this library's code in every host: the CLI, the tests and, above all,
/// a notebook kernel, where no cell should carry a workaround.
/// </summary>
internal static class LibraryInitializer
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The fixes must precede the first use of TorchSharp and Plotly.NET in hosts the library does not control.")]
    internal static void Initialize()
    {
        FSharpCoreRedirect.Install();
        TorchNativeFix.Apply();
        OpenMpWaitPolicy.PreferPassive();
        MallocTuning.KeepFreedMemory();
        TorchRuntime.LoadBackend();
        MklCpuDispatch.Apply(); // after libtorch loads, before its first matrix product
    }
}
