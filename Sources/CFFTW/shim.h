// Shim for the system library behind CFFTW (Debian package libfftw3-dev).
#ifndef CFFTW_SHIM_H
#define CFFTW_SHIM_H
#include <fftw3.h>
#endif
