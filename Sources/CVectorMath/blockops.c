#include "vectormath.h"

// Arithmetic steps of the compiled functions' fused loops: y = a + b, a - b, a * b, a / b,
// -a, a * a over a block, with the widest vectors the CPU has. Each element is the one
// IEEE operation, rounded as the scalar one (no contraction into fused multiply-adds), so
// results do not depend on the vector width. y may be a or b exactly (in place), never a
// partial overlap: every vector is loaded before it is stored.

#define SCALAR_LOOP(op, a, b, y, i, n)                                       \
    switch (op) {                                                            \
    case DTBlockAdd: for (; i < n; i++) y[i] = a[i] + b[i]; break;           \
    case DTBlockSubtract: for (; i < n; i++) y[i] = a[i] - b[i]; break;      \
    case DTBlockMultiply: for (; i < n; i++) y[i] = a[i] * b[i]; break;      \
    case DTBlockDivide: for (; i < n; i++) y[i] = a[i] / b[i]; break;        \
    case DTBlockNegate: for (; i < n; i++) y[i] = -a[i]; break;              \
    case DTBlockSquare: for (; i < n; i++) y[i] = a[i] * a[i]; break;        \
    }

#pragma clang fp contract(off)

static void block_scalar_f64(DTBlockOperation op, const double *a, const double *b, double *y, long n) {
    long i = 0;
    SCALAR_LOOP(op, a, b, y, i, n)
}

static void block_scalar_f32(DTBlockOperation op, const float *a, const float *b, float *y, long n) {
    long i = 0;
    SCALAR_LOOP(op, a, b, y, i, n)
}

#if defined(__x86_64__)
#include <immintrin.h>

// One vector loop per operation: LOAD, OP and STORE name the vector type's intrinsics.
#define VECTOR_LOOPS(W, LOAD, STORE, ADD, SUB, MUL, DIV, NEG, op, a, b, y, i, n)            \
    switch (op) {                                                                           \
    case DTBlockAdd: for (; i + W <= n; i += W) STORE(y + i, ADD(LOAD(a + i), LOAD(b + i))); break; \
    case DTBlockSubtract: for (; i + W <= n; i += W) STORE(y + i, SUB(LOAD(a + i), LOAD(b + i))); break; \
    case DTBlockMultiply: for (; i + W <= n; i += W) STORE(y + i, MUL(LOAD(a + i), LOAD(b + i))); break; \
    case DTBlockDivide: for (; i + W <= n; i += W) STORE(y + i, DIV(LOAD(a + i), LOAD(b + i))); break; \
    case DTBlockNegate: for (; i + W <= n; i += W) STORE(y + i, NEG(LOAD(a + i))); break;     \
    case DTBlockSquare: for (; i + W <= n; i += W) { __typeof__(LOAD(a)) v = LOAD(a + i); STORE(y + i, MUL(v, v)); } break; \
    }

#pragma clang attribute push (__attribute__((target("avx2"))), apply_to = function)
static inline __m256d neg256d(__m256d v) { return _mm256_xor_pd(v, _mm256_set1_pd(-0.0)); }
static inline __m256 neg256(__m256 v) { return _mm256_xor_ps(v, _mm256_set1_ps(-0.0f)); }
static void block256_f64(DTBlockOperation op, const double *a, const double *b, double *y, long n) {
    long i = 0;
    VECTOR_LOOPS(4, _mm256_loadu_pd, _mm256_storeu_pd, _mm256_add_pd, _mm256_sub_pd, _mm256_mul_pd, _mm256_div_pd, neg256d, op, a, b, y, i, n)
    SCALAR_LOOP(op, a, b, y, i, n)
}
static void block256_f32(DTBlockOperation op, const float *a, const float *b, float *y, long n) {
    long i = 0;
    VECTOR_LOOPS(8, _mm256_loadu_ps, _mm256_storeu_ps, _mm256_add_ps, _mm256_sub_ps, _mm256_mul_ps, _mm256_div_ps, neg256, op, a, b, y, i, n)
    SCALAR_LOOP(op, a, b, y, i, n)
}
#pragma clang attribute pop

#pragma clang attribute push (__attribute__((target("avx512f"))), apply_to = function)
static inline __m512d neg512d(__m512d v) {
    return _mm512_castsi512_pd(_mm512_xor_si512(_mm512_castpd_si512(v), _mm512_castpd_si512(_mm512_set1_pd(-0.0))));
}
static inline __m512 neg512(__m512 v) {
    return _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(v), _mm512_castps_si512(_mm512_set1_ps(-0.0f))));
}
static void block512_f64(DTBlockOperation op, const double *a, const double *b, double *y, long n) {
    long i = 0;
    VECTOR_LOOPS(8, _mm512_loadu_pd, _mm512_storeu_pd, _mm512_add_pd, _mm512_sub_pd, _mm512_mul_pd, _mm512_div_pd, neg512d, op, a, b, y, i, n)
    SCALAR_LOOP(op, a, b, y, i, n)
}
static void block512_f32(DTBlockOperation op, const float *a, const float *b, float *y, long n) {
    long i = 0;
    VECTOR_LOOPS(16, _mm512_loadu_ps, _mm512_storeu_ps, _mm512_add_ps, _mm512_sub_ps, _mm512_mul_ps, _mm512_div_ps, neg512, op, a, b, y, i, n)
    SCALAR_LOOP(op, a, b, y, i, n)
}
#pragma clang attribute pop

/// 0: scalar, 1: AVX2, 2: AVX-512.
static int block_level(void) {
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx512f") ? 2 : __builtin_cpu_supports("avx2") ? 1 : 0;
    }
    return cached;
}

void dt_block_f64(DTBlockOperation op, const double *a, const double *b, double *y, long n) {
    switch (block_level()) {
    case 2: block512_f64(op, a, b, y, n); return;
    case 1: block256_f64(op, a, b, y, n); return;
    }
    block_scalar_f64(op, a, b, y, n);
}

void dt_block_f32(DTBlockOperation op, const float *a, const float *b, float *y, long n) {
    switch (block_level()) {
    case 2: block512_f32(op, a, b, y, n); return;
    case 1: block256_f32(op, a, b, y, n); return;
    }
    block_scalar_f32(op, a, b, y, n);
}

#else

void dt_block_f64(DTBlockOperation op, const double *a, const double *b, double *y, long n) { block_scalar_f64(op, a, b, y, n); }
void dt_block_f32(DTBlockOperation op, const float *a, const float *b, float *y, long n) { block_scalar_f32(op, a, b, y, n); }

#endif
