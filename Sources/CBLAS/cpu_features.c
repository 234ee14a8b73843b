// Internal helper target, not public API: see include/cpu_features.h.
#include "cpu_features.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static unsigned long long read_xcr0(void) {
    unsigned eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

dualtape_cpu_features dualtape_read_cpu_features(void) {
    dualtape_cpu_features f = {0};
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return f;
    bool osxsave = (ecx >> 27) & 1;
    f.avx = (ecx >> 28) & 1;
    f.fma = (ecx >> 12) & 1;
    if (osxsave) {
        unsigned long long xcr0 = read_xcr0();
        f.osSavesYMM = (xcr0 & 0x6) == 0x6;    // SSE and AVX state
        f.osSavesZMM = (xcr0 & 0xe6) == 0xe6;  // and opmask, ZMM_Hi256, Hi16_ZMM
    }
    if (__get_cpuid_max(0, 0) >= 7 && __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) {
        f.avx2 = (ebx >> 5) & 1;
        f.avx512f = (ebx >> 16) & 1;
        f.avx512dq = (ebx >> 17) & 1;
        f.avx512cd = (ebx >> 28) & 1;
        f.avx512bw = (ebx >> 30) & 1;
        f.avx512vl = (ebx >> 31) & 1;
    }
    return f;
}
#else
dualtape_cpu_features dualtape_read_cpu_features(void) {
    dualtape_cpu_features f = {0};
    return f;
}
#endif
