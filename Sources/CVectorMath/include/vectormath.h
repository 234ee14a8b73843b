// Internal helper target, not public API: vectorized elementary functions over buffers.
//
// On x86-64 Linux with AVX-512 or AVX2 the loops call glibc's libmvec (the vector variants of exp,
// log, sin, cos, tan, tanh; at most 4 ulp from the correctly rounded result); elsewhere
// they call the scalar C library. Every element, tail included, goes through the same
// function, so a value's result does not depend on its position in the array.
#ifndef DUALTAPE_VECTORMATH_H
#define DUALTAPE_VECTORMATH_H

typedef enum {
    DTVectorExp = 0,
    DTVectorLog = 1,
    DTVectorSin = 2,
    DTVectorCos = 3,
    DTVectorTan = 4,
    DTVectorTanh = 5,
    DTVectorSigmoid = 6,
} DTVectorFunction;

/// y[i] = f(x[i]) for i < n (Float64). x and y may be the same buffer.
void dt_vector_f64(DTVectorFunction f, const double *x, double *y, long n);
/// y[i] = f(x[i]) for i < n (Float32). x and y may be the same buffer.
void dt_vector_f32(DTVectorFunction f, const float *x, float *y, long n);
/// Whether the vectorized (libmvec) path is in use on this machine.
int dt_vector_accelerated(void);

typedef enum {
    DTBlockAdd = 0,
    DTBlockSubtract = 1,
    DTBlockMultiply = 2,
    DTBlockDivide = 3,
    DTBlockNegate = 4,
    DTBlockSquare = 5,
} DTBlockOperation;

/// y[i] = a[i] op b[i] (negate and square read a only) for i < n (Float64), each element the
/// one IEEE operation. y may be a or b exactly, never a partial overlap.
void dt_block_f64(DTBlockOperation op, const double *a, const double *b, double *y, long n);
/// y[i] = a[i] op b[i] (negate and square read a only) for i < n (Float32).
void dt_block_f32(DTBlockOperation op, const float *a, const float *b, float *y, long n);

#endif
