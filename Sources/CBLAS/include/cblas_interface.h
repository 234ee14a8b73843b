// Internal helper target, not public API: the OpenBLAS entry points DualTape calls, as
// function-pointer types. DualTape loads OpenBLAS at first use (dlopen, then dlsym into
// these types; see Sources/DualTape/Kernels/BLASLibrary.swift), so that it can choose the
// kernels (OPENBLAS_CORETYPE) before OpenBLAS's constructor runs. NOTHING here is a
// function declaration: no target links OpenBLAS, and no call can bind by name to another
// library's cblas_dgemm (libgsl pulls in GSL's slow reference CBLAS).
//
// The CBLAS ABI as OpenBLAS's <cblas.h> declares it, with 32-bit integers (`blasint` is
// `int` unless OpenBLAS was built with INTERFACE64, which the loader refuses).
#ifndef DUALTAPE_CBLAS_INTERFACE_H
#define DUALTAPE_CBLAS_INTERFACE_H

typedef enum CBLAS_ORDER { CblasRowMajor = 101, CblasColMajor = 102 } CBLAS_ORDER;
typedef enum CBLAS_TRANSPOSE { CblasNoTrans = 111, CblasTrans = 112, CblasConjTrans = 113 } CBLAS_TRANSPOSE;

// y = alpha op(A) x + beta y.
typedef void (*cblas_dgemv_fn)(CBLAS_ORDER order, CBLAS_TRANSPOSE trans, int m, int n, double alpha, const double *a,
                               int lda, const double *x, int incx, double beta, double *y, int incy);
typedef void (*cblas_sgemv_fn)(CBLAS_ORDER order, CBLAS_TRANSPOSE trans, int m, int n, float alpha, const float *a,
                               int lda, const float *x, int incx, float beta, float *y, int incy);

// C = alpha op(A) op(B) + beta C.
typedef void (*cblas_dgemm_fn)(CBLAS_ORDER order, CBLAS_TRANSPOSE transa, CBLAS_TRANSPOSE transb, int m, int n, int k,
                               double alpha, const double *a, int lda, const double *b, int ldb, double beta, double *c,
                               int ldc);
typedef void (*cblas_sgemm_fn)(CBLAS_ORDER order, CBLAS_TRANSPOSE transa, CBLAS_TRANSPOSE transb, int m, int n, int k,
                               float alpha, const float *a, int lda, const float *b, int ldb, float beta, float *c,
                               int ldc);

// OpenBLAS's own functions: the kernel set in use ("SkylakeX", "Haswell", "Prescott", ...),
// its build configuration, and its (process-wide) thread count.
typedef char *(*openblas_get_corename_fn)(void);
typedef char *(*openblas_get_config_fn)(void);
typedef int (*openblas_get_num_threads_fn)(void);
typedef void (*openblas_set_num_threads_fn)(int num_threads);

#endif
