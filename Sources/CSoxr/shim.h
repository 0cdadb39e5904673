// Shim for the system library behind CSoxr (Debian package libsoxr-dev).
#ifndef CSOXR_SHIM_H
#define CSOXR_SHIM_H
#include <soxr.h>
#endif
