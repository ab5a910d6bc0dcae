/* For tests under Wine only, never shipped: Rust's standard library
 * (1.78 and later) imports ProcessPrng from bcryptprimitives.dll, which
 * Wine 8 does not have. This stand-in fills the buffer from RtlGenRandom
 * (SystemFunction036, advapi32). Real Windows 10 and 11 have the DLL. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
