// Portable float32 kernels (plain C the compiler vectorizes for the baseline target):
// a 4 x 8 micro-kernel on packed panels and a 2 x 2 dot kernel; plus panel packing.
#include "tile_store.h"

enum { MR = KUSARI_PORTABLE_MR, NR = KUSARI_PORTABLE_NR, DMR = KUSARI_PORTABLE_DOT_MR, DNR = KUSARI_PORTABLE_DOT_NR };
enum { LANES = 8 };

void kusari_sgemm_kernel_portable(long k, const float *a, long a_step, const float *b, long b_step,
                                  float *c, long rsc, long csc, long mr, long nr, const kusari_epilogue *e) {
    float acc[MR][NR] = {{0}};
    for (long p = 0; p < k; p++) {
        for (long i = 0; i < mr; i++)
            for (int j = 0; j < NR; j++) acc[i][j] += a[i] * b[j];
        a += a_step;
        b += b_step;
    }
    kusari_store_scalar(&acc[0][0], NR, c, rsc, csc, mr, nr, e);
}

void kusari_sgemm_dot_portable(long runs, long run, const float *a, long lda, long a_run_stride, const float *b,
                               long ldb, long b_run_stride, float *c, long rsc, long csc, long mr, long nr,
                               const kusari_epilogue *e) {
    float acc[DMR][DNR][LANES] = {{{0}}};
    for (long r = 0; r < runs; r++, a += a_run_stride, b += b_run_stride) {
        long p = 0;
        for (; p + LANES <= run; p += LANES)
            for (long i = 0; i < mr; i++)
                for (long j = 0; j < nr; j++)
                    for (int l = 0; l < LANES; l++) acc[i][j][l] += a[i * lda + p + l] * b[j * ldb + p + l];
        for (int l = 0; p < run; p++, l++)
            for (long i = 0; i < mr; i++)
                for (long j = 0; j < nr; j++) acc[i][j][l] += a[i * lda + p] * b[j * ldb + p];
    }
    float t[DMR * DNR];
    for (long i = 0; i < mr; i++) {
        for (long j = 0; j < nr; j++) {
            float s = 0;
            for (int l = 0; l < LANES; l++) s += acc[i][j][l];
            t[i * DNR + j] = s;
        }
    }
    kusari_store_scalar(t, DNR, c, rsc, csc, mr, nr, e);
}
