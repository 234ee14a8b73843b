// Internal helper target, not public API: the x86-64 instruction-set extensions that decide
// which OpenBLAS kernels can run, read with CPUID (and XGETBV for what the OS enabled).
#ifndef DUALTAPE_CPU_FEATURES_H
#define DUALTAPE_CPU_FEATURES_H
#include <stdbool.h>

/// What the processor reports (CPUID leaves 1 and 7) and what the OS saves on a context
/// switch (XCR0): AVX state for the 256-bit registers, opmask and ZMM state for AVX-512.
/// All false on a processor that is not x86-64.
typedef struct {
    bool avx, fma, avx2;
    bool avx512f, avx512cd, avx512bw, avx512dq, avx512vl;
    bool osSavesYMM, osSavesZMM;
} dualtape_cpu_features;

/// Reads the features; cheap (a few CPUID instructions), callable from any thread.
dualtape_cpu_features dualtape_read_cpu_features(void);

#endif
