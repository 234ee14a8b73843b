// Internal helper target, not public API: exposes GSL's numerical differentiation and
// error handling to Swift. GSL's own BLAS headers (gsl_cblas.h, gsl_blas.h) are left out
// on purpose: importing them beside CBLAS gives conflicting CBLAS_TRANSPOSE definitions.
#ifndef DUALTAPE_CGSL_SHIM_H
#define DUALTAPE_CGSL_SHIM_H
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_deriv.h>
#endif
