// Internal helper target, not public API: exposes GSL's numerical differentiation,
// error handling, and the special functions that tests use as an independent reference
// (erf, log-gamma, psi) to Swift. GSL's own BLAS headers (gsl_cblas.h, gsl_blas.h) are left out
// on purpose: importing them beside CBLAS gives conflicting CBLAS_TRANSPOSE definitions.
#ifndef DUALTAPE_CGSL_SHIM_H
#define DUALTAPE_CGSL_SHIM_H
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_deriv.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#endif
