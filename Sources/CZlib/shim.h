// The only place Ruminate includes zlib (RuminateParse wraps it: GzipDecoder, and RawDeflate for zip entries).
// inflateInit2 is a macro Swift cannot call, so it is wrapped in a static inline function.
#ifndef RUMINATE_CZLIB_SHIM_H
#define RUMINATE_CZLIB_SHIM_H

#include <zlib.h>

/// Prepares `stream` to inflate gzip members only (window bits 15 + 16: gzip header and CRC-32 checked).
static inline int ruminate_inflateInitGzip(z_streamp stream) {
    return inflateInit2(stream, 15 + 16);
}

#endif
