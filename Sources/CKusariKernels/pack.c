// Panel packing for the GEMM micro-kernels, and the float64 inner loop.
#include "CKusariKernels.h"

void kusari_spack(const float *src, long rs, long cs, long rows, long cols, long panel, float *dst) {
    for (long t = 0; t < rows; t += panel) {
        long h = rows - t < panel ? rows - t : panel;
        const float *s = src + t * rs;
        float *d = dst + t * cols;
        if (rs == 1) {
            for (long q = 0; q < cols; q++) {
                for (long i = 0; i < h; i++) d[q * panel + i] = s[q * cs + i];
                for (long i = h; i < panel; i++) d[q * panel + i] = 0;
            }
        } else {
            for (long q = 0; q < cols; q++) {
                for (long i = 0; i < h; i++) d[q * panel + i] = s[i * rs + q * cs];
                for (long i = h; i < panel; i++) d[q * panel + i] = 0;
            }
        }
    }
}

void kusari_daxpy(long n, double s, const double *b, double *c) {
    for (long j = 0; j < n; j++) c[j] += s * b[j];
}
