#include "vectormath.h"
#include <math.h>
#include <string.h>

static double scalar_f64(DTVectorFunction f, double x) {
    switch (f) {
    case DTVectorExp: return exp(x);
    case DTVectorLog: return log(x);
    case DTVectorSin: return sin(x);
    case DTVectorCos: return cos(x);
    case DTVectorTan: return tan(x);
    case DTVectorTanh: return tanh(x);
    case DTVectorSigmoid: { double e = exp(-fabs(x)); return x >= 0 ? 1 / (1 + e) : e / (1 + e); }
    }
    return x;
}

static float scalar_f32(DTVectorFunction f, float x) {
    switch (f) {
    case DTVectorExp: return expf(x);
    case DTVectorLog: return logf(x);
    case DTVectorSin: return sinf(x);
    case DTVectorCos: return cosf(x);
    case DTVectorTan: return tanf(x);
    case DTVectorTanh: return tanhf(x);
    case DTVectorSigmoid: { float e = expf(-fabsf(x)); return x >= 0 ? 1 / (1 + e) : e / (1 + e); }
    }
    return x;
}

#if defined(__x86_64__) && defined(__linux__)
#include <immintrin.h>

// Everything below works on 256-bit vectors: compile it for AVX2 (used only when the CPU has it).
#pragma clang attribute push (__attribute__((target("avx2,fma"))), apply_to = function)

__m256d _ZGVdN4v_exp(__m256d);
__m256d _ZGVdN4v_log(__m256d);
__m256d _ZGVdN4v_sin(__m256d);
__m256d _ZGVdN4v_cos(__m256d);
__m256d _ZGVdN4v_tan(__m256d);
__m256d _ZGVdN4v_tanh(__m256d);
__m256 _ZGVdN8v_expf(__m256);
__m256 _ZGVdN8v_logf(__m256);
__m256 _ZGVdN8v_sinf(__m256);
__m256 _ZGVdN8v_cosf(__m256);
__m256 _ZGVdN8v_tanf(__m256);
__m256 _ZGVdN8v_tanhf(__m256);

static __m256d apply4(DTVectorFunction f, __m256d x) {
    switch (f) {
    case DTVectorExp: return _ZGVdN4v_exp(x);
    case DTVectorLog: return _ZGVdN4v_log(x);
    case DTVectorSin: return _ZGVdN4v_sin(x);
    case DTVectorCos: return _ZGVdN4v_cos(x);
    case DTVectorTan: return _ZGVdN4v_tan(x);
    case DTVectorTanh: return _ZGVdN4v_tanh(x);
    case DTVectorSigmoid: {
        // σ(x) = 1/(1+e) for x ≥ 0, e/(1+e) otherwise, with e = exp(-|x|): never overflows.
        __m256d sign = _mm256_set1_pd(-0.0);
        __m256d e = _ZGVdN4v_exp(_mm256_or_pd(x, sign));
        __m256d one = _mm256_set1_pd(1.0);
        __m256d denominator = _mm256_add_pd(one, e);
        __m256d nonnegative = _mm256_cmp_pd(x, _mm256_setzero_pd(), _CMP_GE_OQ);
        return _mm256_div_pd(_mm256_blendv_pd(e, one, nonnegative), denominator);
    }
    }
    return x;
}

static __m256 apply8(DTVectorFunction f, __m256 x) {
    switch (f) {
    case DTVectorExp: return _ZGVdN8v_expf(x);
    case DTVectorLog: return _ZGVdN8v_logf(x);
    case DTVectorSin: return _ZGVdN8v_sinf(x);
    case DTVectorCos: return _ZGVdN8v_cosf(x);
    case DTVectorTan: return _ZGVdN8v_tanf(x);
    case DTVectorTanh: return _ZGVdN8v_tanhf(x);
    case DTVectorSigmoid: {
        __m256 sign = _mm256_set1_ps(-0.0f);
        __m256 e = _ZGVdN8v_expf(_mm256_or_ps(x, sign));
        __m256 one = _mm256_set1_ps(1.0f);
        __m256 denominator = _mm256_add_ps(one, e);
        __m256 nonnegative = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GE_OQ);
        return _mm256_div_ps(_mm256_blendv_ps(e, one, nonnegative), denominator);
    }
    }
    return x;
}

static void vector_f64(DTVectorFunction f, const double *x, double *y, long n) {
    long i = 0;
    for (; i + 4 <= n; i += 4) _mm256_storeu_pd(y + i, apply4(f, _mm256_loadu_pd(x + i)));
    if (i < n) {
        double in[4] = {0, 0, 0, 0}, out[4];
        memcpy(in, x + i, (size_t)(n - i) * sizeof(double));
        _mm256_storeu_pd(out, apply4(f, _mm256_loadu_pd(in)));
        memcpy(y + i, out, (size_t)(n - i) * sizeof(double));
    }
}

static void vector_f32(DTVectorFunction f, const float *x, float *y, long n) {
    long i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, apply8(f, _mm256_loadu_ps(x + i)));
    if (i < n) {
        float in[8] = {0, 0, 0, 0, 0, 0, 0, 0}, out[8];
        memcpy(in, x + i, (size_t)(n - i) * sizeof(float));
        _mm256_storeu_ps(out, apply8(f, _mm256_loadu_ps(in)));
        memcpy(y + i, out, (size_t)(n - i) * sizeof(float));
    }
}

#pragma clang attribute pop

// With AVX-512, exp/log/sin/cos/tan/tanh take 8 doubles or 16 floats per call.
#pragma clang attribute push (__attribute__((target("avx512f"))), apply_to = function)

__m512d _ZGVeN8v_exp(__m512d);
__m512d _ZGVeN8v_log(__m512d);
__m512d _ZGVeN8v_sin(__m512d);
__m512d _ZGVeN8v_cos(__m512d);
__m512d _ZGVeN8v_tan(__m512d);
__m512d _ZGVeN8v_tanh(__m512d);
__m512 _ZGVeN16v_expf(__m512);
__m512 _ZGVeN16v_logf(__m512);
__m512 _ZGVeN16v_sinf(__m512);
__m512 _ZGVeN16v_cosf(__m512);
__m512 _ZGVeN16v_tanf(__m512);
__m512 _ZGVeN16v_tanhf(__m512);

static __m512d apply8d(DTVectorFunction f, __m512d x) {
    switch (f) {
    case DTVectorExp: return _ZGVeN8v_exp(x);
    case DTVectorLog: return _ZGVeN8v_log(x);
    case DTVectorSin: return _ZGVeN8v_sin(x);
    case DTVectorCos: return _ZGVeN8v_cos(x);
    case DTVectorTan: return _ZGVeN8v_tan(x);
    case DTVectorTanh: return _ZGVeN8v_tanh(x);
    case DTVectorSigmoid: {
        __m512d e = _ZGVeN8v_exp(_mm512_castsi512_pd(_mm512_or_si512(_mm512_castpd_si512(x), _mm512_castpd_si512(_mm512_set1_pd(-0.0)))));
        __m512d one = _mm512_set1_pd(1.0);
        __mmask8 nonnegative = _mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_GE_OQ);
        return _mm512_div_pd(_mm512_mask_blend_pd(nonnegative, e, one), _mm512_add_pd(one, e));
    }
    }
    return x;
}

static __m512 apply16(DTVectorFunction f, __m512 x) {
    switch (f) {
    case DTVectorExp: return _ZGVeN16v_expf(x);
    case DTVectorLog: return _ZGVeN16v_logf(x);
    case DTVectorSin: return _ZGVeN16v_sinf(x);
    case DTVectorCos: return _ZGVeN16v_cosf(x);
    case DTVectorTan: return _ZGVeN16v_tanf(x);
    case DTVectorTanh: return _ZGVeN16v_tanhf(x);
    case DTVectorSigmoid: {
        __m512 e = _ZGVeN16v_expf(_mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(x), _mm512_castps_si512(_mm512_set1_ps(-0.0f)))));
        __m512 one = _mm512_set1_ps(1.0f);
        __mmask16 nonnegative = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_GE_OQ);
        return _mm512_div_ps(_mm512_mask_blend_ps(nonnegative, e, one), _mm512_add_ps(one, e));
    }
    }
    return x;
}

static void vector512_f64(DTVectorFunction f, const double *x, double *y, long n) {
    long i = 0;
    for (; i + 8 <= n; i += 8) _mm512_storeu_pd(y + i, apply8d(f, _mm512_loadu_pd(x + i)));
    if (i < n) {
        double in[8] = {0, 0, 0, 0, 0, 0, 0, 0}, out[8];
        memcpy(in, x + i, (size_t)(n - i) * sizeof(double));
        _mm512_storeu_pd(out, apply8d(f, _mm512_loadu_pd(in)));
        memcpy(y + i, out, (size_t)(n - i) * sizeof(double));
    }
}

static void vector512_f32(DTVectorFunction f, const float *x, float *y, long n) {
    long i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, apply16(f, _mm512_loadu_ps(x + i)));
    if (i < n) {
        float in[16] = {0}, out[16];
        memcpy(in, x + i, (size_t)(n - i) * sizeof(float));
        _mm512_storeu_ps(out, apply16(f, _mm512_loadu_ps(in)));
        memcpy(y + i, out, (size_t)(n - i) * sizeof(float));
    }
}

#pragma clang attribute pop

/// 0: scalar C library, 1: AVX2 libmvec, 2: AVX-512 libmvec.
static int vector_level(void) {
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx512f") ? 2 : (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) ? 1 : 0;
    }
    return cached;
}

int dt_vector_accelerated(void) { return vector_level() > 0; }

void dt_vector_f64(DTVectorFunction f, const double *x, double *y, long n) {
    switch (vector_level()) {
    case 2: vector512_f64(f, x, y, n); return;
    case 1: vector_f64(f, x, y, n); return;
    }
    for (long i = 0; i < n; i++) y[i] = scalar_f64(f, x[i]);
}

void dt_vector_f32(DTVectorFunction f, const float *x, float *y, long n) {
    switch (vector_level()) {
    case 2: vector512_f32(f, x, y, n); return;
    case 1: vector_f32(f, x, y, n); return;
    }
    for (long i = 0; i < n; i++) y[i] = scalar_f32(f, x[i]);
}

#else

int dt_vector_accelerated(void) { return 0; }

void dt_vector_f64(DTVectorFunction f, const double *x, double *y, long n) {
    for (long i = 0; i < n; i++) y[i] = scalar_f64(f, x[i]);
}

void dt_vector_f32(DTVectorFunction f, const float *x, float *y, long n) {
    for (long i = 0; i < n; i++) y[i] = scalar_f32(f, x[i]);
}

#endif
