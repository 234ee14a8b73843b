// Internal helper target, not public API: the LAPACK routines DualTape calls, from OpenBLAS,
// as function-pointer types (loaded with dlsym like the CBLAS ones; see cblas_interface.h).
//
// Debian's libopenblas0 builds LAPACK into libopenblas.so but ships neither lapack.h nor
// lapacke.h (LAPACKE is liblapacke-dev, a separate library), so the Fortran entry points are
// declared here. Fortran conventions: every argument by address, matrices column-major,
// integers are 32-bit (OpenBLAS built without INTERFACE64), and each CHARACTER argument adds
// a hidden length at the end (gfortran passes it as size_t).
#ifndef DUALTAPE_LAPACK_INTERFACE_H
#define DUALTAPE_LAPACK_INTERFACE_H
#include <stddef.h>

typedef int lapack_int;

// LU factorization with partial pivoting, and solves with it.
typedef void (*dgetrf_fn)(const lapack_int *m, const lapack_int *n, double *a, const lapack_int *lda, lapack_int *ipiv,
                          lapack_int *info);
typedef void (*sgetrf_fn)(const lapack_int *m, const lapack_int *n, float *a, const lapack_int *lda, lapack_int *ipiv,
                          lapack_int *info);
typedef void (*dgetrs_fn)(const char *trans, const lapack_int *n, const lapack_int *nrhs, const double *a,
                          const lapack_int *lda, const lapack_int *ipiv, double *b, const lapack_int *ldb,
                          lapack_int *info, size_t trans_len);
typedef void (*sgetrs_fn)(const char *trans, const lapack_int *n, const lapack_int *nrhs, const float *a,
                          const lapack_int *lda, const lapack_int *ipiv, float *b, const lapack_int *ldb,
                          lapack_int *info, size_t trans_len);

// Both at once (the reference adbench times DualTape's solve against).
typedef void (*dgesv_fn)(const lapack_int *n, const lapack_int *nrhs, double *a, const lapack_int *lda, lapack_int *ipiv,
                         double *b, const lapack_int *ldb, lapack_int *info);

// Cholesky factorization.
typedef void (*dpotrf_fn)(const char *uplo, const lapack_int *n, double *a, const lapack_int *lda, lapack_int *info,
                          size_t uplo_len);
typedef void (*spotrf_fn)(const char *uplo, const lapack_int *n, float *a, const lapack_int *lda, lapack_int *info,
                          size_t uplo_len);

// Triangular solve with several right-hand sides.
typedef void (*dtrtrs_fn)(const char *uplo, const char *trans, const char *diag, const lapack_int *n,
                          const lapack_int *nrhs, const double *a, const lapack_int *lda, double *b,
                          const lapack_int *ldb, lapack_int *info, size_t uplo_len, size_t trans_len, size_t diag_len);
typedef void (*strtrs_fn)(const char *uplo, const char *trans, const char *diag, const lapack_int *n,
                          const lapack_int *nrhs, const float *a, const lapack_int *lda, float *b,
                          const lapack_int *ldb, lapack_int *info, size_t uplo_len, size_t trans_len, size_t diag_len);

// Householder QR, and the explicit Q.
typedef void (*dgeqrf_fn)(const lapack_int *m, const lapack_int *n, double *a, const lapack_int *lda, double *tau,
                          double *work, const lapack_int *lwork, lapack_int *info);
typedef void (*sgeqrf_fn)(const lapack_int *m, const lapack_int *n, float *a, const lapack_int *lda, float *tau,
                          float *work, const lapack_int *lwork, lapack_int *info);
typedef void (*dorgqr_fn)(const lapack_int *m, const lapack_int *n, const lapack_int *k, double *a,
                          const lapack_int *lda, const double *tau, double *work, const lapack_int *lwork,
                          lapack_int *info);
typedef void (*sorgqr_fn)(const lapack_int *m, const lapack_int *n, const lapack_int *k, float *a,
                          const lapack_int *lda, const float *tau, float *work, const lapack_int *lwork,
                          lapack_int *info);

// Symmetric eigendecomposition (divide and conquer).
typedef void (*dsyevd_fn)(const char *jobz, const char *uplo, const lapack_int *n, double *a, const lapack_int *lda,
                          double *w, double *work, const lapack_int *lwork, lapack_int *iwork,
                          const lapack_int *liwork, lapack_int *info, size_t jobz_len, size_t uplo_len);
typedef void (*ssyevd_fn)(const char *jobz, const char *uplo, const lapack_int *n, float *a, const lapack_int *lda,
                          float *w, float *work, const lapack_int *lwork, lapack_int *iwork,
                          const lapack_int *liwork, lapack_int *info, size_t jobz_len, size_t uplo_len);

// Singular value decomposition (divide and conquer).
typedef void (*dgesdd_fn)(const char *jobz, const lapack_int *m, const lapack_int *n, double *a, const lapack_int *lda,
                          double *s, double *u, const lapack_int *ldu, double *vt, const lapack_int *ldvt,
                          double *work, const lapack_int *lwork, lapack_int *iwork, lapack_int *info,
                          size_t jobz_len);
typedef void (*sgesdd_fn)(const char *jobz, const lapack_int *m, const lapack_int *n, float *a, const lapack_int *lda,
                          float *s, float *u, const lapack_int *ldu, float *vt, const lapack_int *ldvt,
                          float *work, const lapack_int *lwork, lapack_int *iwork, lapack_int *info,
                          size_t jobz_len);

#endif
