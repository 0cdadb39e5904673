// Shim for the system library behind CPNG (Debian package libpng-dev).
#ifndef CPNG_SHIM_H
#define CPNG_SHIM_H
#include <png.h>
#endif
