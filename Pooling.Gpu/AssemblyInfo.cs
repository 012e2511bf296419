using System.Runtime.CompilerServices;

// ILGPU emits launcher code into a dynamic assembly named ILGPURuntime; it must see the
// internal kernel argument structs.
[assembly: InternalsVisibleTo("ILGPURuntime")]
