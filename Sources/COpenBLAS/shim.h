// Shim for the system library behind COpenBLAS (Debian package libopenblas-dev).
#ifndef COPENBLAS_SHIM_H
#define COPENBLAS_SHIM_H
#include <cblas.h>
#endif
