// Shim for the system library behind CSndfile (Debian package libsndfile1-dev).
#ifndef CSNDFILE_SHIM_H
#define CSNDFILE_SHIM_H
#include <sndfile.h>
#endif
