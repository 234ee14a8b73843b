// Internal helper target, not public API: exposes OpenBLAS's CBLAS (<cblas.h>) to Swift.
#ifndef DUALTAPE_CBLAS_SHIM_H
#define DUALTAPE_CBLAS_SHIM_H
#include <cblas.h>
#endif
