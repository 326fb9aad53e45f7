using System.Runtime.CompilerServices;

// Stack buffers here (number scratch, formatted dates, digests) are always written before they are read, so the
// zeroing the runtime would do on every call is skipped.
[module: SkipLocalsInit]
