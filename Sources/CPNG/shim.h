// Shim for the system library behind CPNG (Debian package libpng-dev).
//
// libpng reports errors with longjmp, which must never cross a Swift frame. Every function
// below that calls into libpng owns its own setjmp and turns an error into a return code
// plus a message, so Swift only ever sees plain C calls that return.
#ifndef CPNG_SHIM_H
#define CPNG_SHIM_H
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// Outcome of a shim call.
enum {
    FFPNG_OK = 0,
    FFPNG_ERROR = 1,      // libpng reported an error; see message
    FFPNG_TOO_LARGE = 2,  // width x height exceeds the caller's pixel limit
    FFPNG_NO_MEMORY = 3,
    FFPNG_CANNOT_OPEN = 4,  // the file could not be opened
    FFPNG_NOT_PNG = 5,      // empty, or the signature is wrong
};

/// The most bytes libpng may allocate for one chunk (8 MB, libpng's own suggested default;
/// image data is streamed and never held whole in a chunk buffer), besides its row buffers.
#define FFPNG_CHUNK_MALLOC_MAX 8000000

/// A PNG being read from a file or from memory: libpng state, the input and the last message.
typedef struct {
    png_structp png;
    png_infop info;
    FILE *file;           // the input when reading a file (closed by ffpng_reader_close)
    const uint8_t *data;  // the input when reading memory
    size_t size;
    size_t offset;
    uint32_t width, height;
    int channels;   // 3 (RGB) or 4 (RGBA) after the expansions below
    int bitDepth;   // 8 or 16 after the expansions below
    int passes;     // 1, or 7 for Adam7
    size_t rowBytes;
    size_t refused;  // the largest allocation libpng asked for and was refused (0: none)
    char message[256];
} ffpng_reader;

/// libpng's allocator for a reader: refuses any block larger than FFPNG_CHUNK_MALLOC_MAX
/// plus two rows of the widest samples (16-bit RGBA), whatever a chunk's length claims.
/// (libpng 1.6.39 applies png_set_chunk_malloc_max to some chunks only: a tEXt chunk
/// claiming 2 GB was allocated in full.) A refused block is remembered for the message.
static inline png_voidp ffpng_malloc(png_structp png, png_alloc_size_t size) {
    ffpng_reader *reader = (ffpng_reader *)png_get_mem_ptr(png);
    size_t rows = 0;
    if (reader && reader->info) rows = 2 * ((size_t)png_get_image_width(png, reader->info) * 8 + 64);
    if (size > FFPNG_CHUNK_MALLOC_MAX + rows) {
        if (reader && size > reader->refused) reader->refused = size;
        return NULL;
    }
    return malloc(size);
}

static inline void ffpng_free(png_structp png, png_voidp block) {
    (void)png;
    free(block);
}

static inline void ffpng_store_message(char *target, const char *text) {
    size_t n = text ? strlen(text) : 0;
    if (n > 255) n = 255;
    if (n) memcpy(target, text, n);
    target[n] = 0;
}

static inline void ffpng_error_fn(png_structp png, png_const_charp text) {
    char *message = (char *)png_get_error_ptr(png);
    ffpng_store_message(message, text);
    png_longjmp(png, 1);
}

static inline void ffpng_warning_fn(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;  // Ancillary-chunk problems are ignored, as Pillow does.
}

static inline void ffpng_read_fn(png_structp png, png_bytep out, size_t length) {
    ffpng_reader *reader = (ffpng_reader *)png_get_io_ptr(png);
    if (reader->file) {
        if (fread(out, 1, length, reader->file) != length) {
            png_error(png, ferror(reader->file) ? "read error" : "file is truncated");
        }
        return;
    }
    if (length > reader->size - reader->offset) {
        png_error(png, "file is truncated");
    }
    memcpy(out, reader->data + reader->offset, length);
    reader->offset += length;
}

/// Releases a reader made by `ffpng_reader_open_*` (NULL is allowed).
static inline void ffpng_reader_close(ffpng_reader *reader) {
    if (!reader) return;
    if (reader->png) png_destroy_read_struct(&reader->png, &reader->info, NULL);
    if (reader->file) fclose(reader->file);
    free(reader);
}

/// Reads the header and sets up decoding to 8- or 16-bit RGB(A); the input is already set.
///
/// Palette, grey below 8 bits and tRNS are expanded (tRNS becomes an alpha channel), grey
/// becomes RGB; gamma and other colour chunks are ignored; 16-bit samples stay 16-bit.
/// Returns FFPNG_TOO_LARGE, before any pixel memory exists, when width x height exceeds
/// `maxPixels`.
static inline int ffpng_reader_start(ffpng_reader *reader, uint64_t maxPixels) {
    uint8_t signature[8];
    size_t got = 0;
    if (reader->file) {
        got = fread(signature, 1, 8, reader->file);
    } else {
        got = reader->size < 8 ? reader->size : 8;
        if (got) memcpy(signature, reader->data, got);
        reader->offset = got;
    }
    if (got == 0) {
        ffpng_store_message(reader->message, "not a PNG file (empty)");
        return FFPNG_NOT_PNG;
    }
    if (got < 8 || png_sig_cmp((png_const_bytep)signature, 0, 8) != 0) {
        ffpng_store_message(reader->message, "not a PNG file (bad signature)");
        return FFPNG_NOT_PNG;
    }
    reader->png = png_create_read_struct_2(PNG_LIBPNG_VER_STRING, reader->message,
                                           ffpng_error_fn, ffpng_warning_fn, reader,
                                           ffpng_malloc, ffpng_free);
    if (!reader->png) {
        ffpng_store_message(reader->message, "out of memory");
        return FFPNG_NO_MEMORY;
    }
    reader->info = png_create_info_struct(reader->png);
    if (!reader->info) {
        ffpng_store_message(reader->message, "out of memory");
        return FFPNG_NO_MEMORY;
    }
    if (setjmp(png_jmpbuf(reader->png))) {
        return FFPNG_ERROR;
    }
    // Our own pixel limit replaces libpng's default 1,000,000 x 1,000,000 one.
    png_set_user_limits(reader->png, 0x7fffffff, 0x7fffffff);
    // No chunk may make libpng allocate more than FFPNG_CHUNK_MALLOC_MAX bytes: a tEXt chunk
    // claiming 2 GB in a 100-byte file is then skipped (ancillary) or an error, not 2 GB.
    png_set_chunk_malloc_max(reader->png, FFPNG_CHUNK_MALLOC_MAX);
    png_set_read_fn(reader->png, reader, ffpng_read_fn);
    png_set_sig_bytes(reader->png, 8);
#if defined(PNG_SET_OPTION_SUPPORTED) && defined(PNG_IGNORE_ADLER32)
    // Every IDAT chunk's CRC-32 already guards the compressed bytes; zlib's Adler-32 would
    // check the same data a second time. Corrupt deflate data is still an inflate error.
    png_set_option(reader->png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
#endif
    png_read_info(reader->png, reader->info);

    png_uint_32 width = 0, height = 0;
    int depth = 0, colour = 0, interlace = 0;
    png_get_IHDR(reader->png, reader->info, &width, &height, &depth, &colour, &interlace, NULL,
                 NULL);
    reader->width = width;
    reader->height = height;
    if ((uint64_t)width * (uint64_t)height > maxPixels) {
        return FFPNG_TOO_LARGE;
    }
    png_set_expand(reader->png);  // palette → RGB, grey 1/2/4 → 8 bits, tRNS → alpha
    if (colour == PNG_COLOR_TYPE_GRAY || colour == PNG_COLOR_TYPE_GRAY_ALPHA) {
        png_set_gray_to_rgb(reader->png);
    }
    reader->passes = png_set_interlace_handling(reader->png);
    png_read_update_info(reader->png, reader->info);
    reader->channels = png_get_channels(reader->png, reader->info);
    reader->bitDepth = png_get_bit_depth(reader->png, reader->info);
    reader->rowBytes = png_get_rowbytes(reader->png, reader->info);
    return FFPNG_OK;
}

/// Opens the PNG file at `path` and reads its header (see `ffpng_reader_start`).
///
/// On return `*out` is a reader to close with `ffpng_reader_close`, even on failure (it then
/// holds the message), or NULL when memory ran out.
static inline int ffpng_reader_open_file(const char *path, uint64_t maxPixels,
                                         ffpng_reader **out) {
    ffpng_reader *reader = (ffpng_reader *)calloc(1, sizeof(ffpng_reader));
    *out = reader;
    if (!reader) return FFPNG_NO_MEMORY;
    reader->file = fopen(path, "rb");
    if (!reader->file) {
        ffpng_store_message(reader->message, "cannot open file");
        return FFPNG_CANNOT_OPEN;
    }
    return ffpng_reader_start(reader, maxPixels);
}

/// Reads the header of the PNG bytes `data` (kept alive by the caller until closing).
///
/// On return `*out` is a reader to close with `ffpng_reader_close`, as for files.
static inline int ffpng_reader_open_memory(const uint8_t *data, size_t size, uint64_t maxPixels,
                                           ffpng_reader **out) {
    ffpng_reader *reader = (ffpng_reader *)calloc(1, sizeof(ffpng_reader));
    *out = reader;
    if (!reader) return FFPNG_NO_MEMORY;
    reader->data = data;
    reader->size = size;
    return ffpng_reader_start(reader, maxPixels);
}

/// Decodes every row into `pixels` (rows `stride` bytes apart, each `rowBytes` long).
///
/// Interlaced images are read pass by pass into the same rows, which libpng fills in. Like
/// the simplified API (and Pillow), reading stops after the image data, whose zlib stream and
/// CRCs libpng has checked by then; chunks after it are not read.
static inline int ffpng_reader_read(ffpng_reader *reader, uint8_t *pixels, size_t stride) {
    if (setjmp(png_jmpbuf(reader->png))) {
        return FFPNG_ERROR;
    }
    for (int pass = 0; pass < reader->passes; pass++) {
        for (uint32_t y = 0; y < reader->height; y++) {
            png_read_row(reader->png, pixels + (size_t)y * stride, NULL);
        }
    }
    return FFPNG_OK;
}

/// Decodes the next row of a non-interlaced image into `row` (`rowBytes` long), so that an
/// image whose samples must be converted never needs a second whole-image buffer.
static inline int ffpng_reader_read_row(ffpng_reader *reader, uint8_t *row) {
    if (setjmp(png_jmpbuf(reader->png))) {
        return FFPNG_ERROR;
    }
    png_read_row(reader->png, row, NULL);
    return FFPNG_OK;
}

/// Writes 8-bit RGB rows (`stride` bytes apart) as a PNG file at `path`.
///
/// On failure the message is in `message` (256 bytes) and the file may be partly written:
/// the caller writes to a temporary path and removes it.
static inline int ffpng_write_rgb8(const char *path, const uint8_t *pixels, uint32_t width,
                                   uint32_t height, size_t stride, char *message) {
    message[0] = 0;
    FILE *volatile file = fopen(path, "wb");
    if (!file) {
        ffpng_store_message(message, "cannot create file");
        return FFPNG_ERROR;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, message, ffpng_error_fn,
                                              ffpng_warning_fn);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        if (png) png_destroy_write_struct(&png, NULL);
        fclose(file);
        ffpng_store_message(message, "out of memory");
        return FFPNG_NO_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        fclose(file);
        return FFPNG_ERROR;
    }
    png_init_io(png, file);
    png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (uint32_t y = 0; y < height; y++) {
        png_write_row(png, pixels + (size_t)y * stride);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    if (fclose(file) != 0) {
        ffpng_store_message(message, "cannot finish writing file");
        return FFPNG_ERROR;
    }
    return FFPNG_OK;
}

#endif
