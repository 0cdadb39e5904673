/* The floor for bench/run-frames.sh: decode PNG files to 8-bit RGB with libpng's simplified API,
 * one after another on one core, and print frames per second from the median and best of N
 * runs, timed by the process's CPU time (robust when other jobs share the cores).
 *
 * Usage: png_floor REPEATS < LIST   (one PNG path a line; cc -O2 png_floor.c $(pkg-config --cflags --libs libpng16)) */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int decode(const char *path) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&image, path)) return 0;
    image.format = PNG_FORMAT_RGB;
    png_bytep pixels = malloc(PNG_IMAGE_SIZE(image));
    int ok = pixels && png_image_finish_read(&image, NULL, pixels, 0, NULL);
    free(pixels);
    png_image_free(&image);
    return ok;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 2 || atoi(argv[1]) < 1) {
        fprintf(stderr, "usage: png_floor REPEATS < LIST\n");
        return 64;
    }
    int repeats = atoi(argv[1]);
    int count = 0, capacity = 0;
    char **paths = NULL, line[4096];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        if (!line[0]) continue;
        if (count == capacity) {
            capacity = capacity ? 2 * capacity : 1024;
            paths = realloc(paths, capacity * sizeof(char *));
        }
        paths[count++] = strdup(line);
    }
    if (count == 0) {
        fprintf(stderr, "png_floor: no file listed\n");
        return 1;
    }
    double *runs = calloc(repeats, sizeof(double));
    for (int i = 0; i < count; i++) {  // warm-up, and a check that every file decodes
        if (!decode(paths[i])) {
            fprintf(stderr, "png_floor: cannot decode %s\n", paths[i]);
            return 1;
        }
    }
    for (int r = 0; r < repeats; r++) {
        double start = seconds();
        for (int i = 0; i < count; i++) decode(paths[i]);
        runs[r] = seconds() - start;
    }
    qsort(runs, repeats, sizeof(double), compare);
    double median = repeats % 2 ? runs[repeats / 2] : (runs[repeats / 2 - 1] + runs[repeats / 2]) / 2;
    printf("%-40s%8.1f frames/s median %8.1f best  (CPU time, median %.3f s)\n",
           "C libpng simplified API, 1 core", count / median, count / runs[0], median);
    free(runs);
    return 0;
}
