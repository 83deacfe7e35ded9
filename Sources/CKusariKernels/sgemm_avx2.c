// AVX2+FMA float32 kernels: a 6 x 16 micro-kernel on packed panels and a 3 x 3 dot kernel.
#include <immintrin.h>
#include "tile_store.h"

#define TARGET __attribute__((target("avx2,fma")))
#define INLINE static inline __attribute__((always_inline))
enum { MR = KUSARI_AVX2_MR, NR = KUSARI_AVX2_NR, DMR = KUSARI_AVX2_DOT_MR, DNR = KUSARI_AVX2_DOT_NR };

// Lane j of the mask is all ones when j + offset < n.
INLINE TARGET __m256i lanes_below(long n, int offset) {
    __m256i index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(n - offset)), index);
}

// `rows` is a compile-time constant at every call site and the row loops are fully unrolled,
// so the accumulators stay in registers.
INLINE TARGET void tile(const int rows, long k, const float *a, long a_step, const float *b, long b_step,
                        float *c, long rsc, long csc, long nr, const kusari_epilogue *e) {
    __m256 lo[MR], hi[MR];
    #pragma clang loop unroll(full)
    for (int i = 0; i < rows; i++) { lo[i] = _mm256_setzero_ps(); hi[i] = _mm256_setzero_ps(); }
    for (long p = 0; p < k; p++) {
        __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
        #pragma clang loop unroll(full)
        for (int i = 0; i < rows; i++) {
            __m256 ai = _mm256_broadcast_ss(a + i);
            lo[i] = _mm256_fmadd_ps(ai, b0, lo[i]);
            hi[i] = _mm256_fmadd_ps(ai, b1, hi[i]);
        }
        a += a_step;
        b += b_step;
    }
    if (csc != 1) {
        float t[MR * NR];
        #pragma clang loop unroll(full)
        for (int i = 0; i < rows; i++) { _mm256_storeu_ps(t + i * NR, lo[i]); _mm256_storeu_ps(t + i * NR + 8, hi[i]); }
        kusari_store_scalar(t, NR, c, rsc, csc, rows, nr, e);
        return;
    }
    __m256i m0 = lanes_below(nr, 0), m1 = lanes_below(nr, 8);
    __m256 alpha = _mm256_set1_ps(e->alpha), beta = _mm256_set1_ps(e->beta), zero = _mm256_setzero_ps();
    __m256 cb0 = e->col_bias ? _mm256_maskload_ps(e->col_bias, m0) : zero;
    __m256 cb1 = e->col_bias ? _mm256_maskload_ps(e->col_bias + 8, m1) : zero;
    #pragma clang loop unroll(full)
    for (int i = 0; i < rows; i++) {
        float *row = c + i * rsc;
        __m256 v0 = _mm256_mul_ps(alpha, lo[i]), v1 = _mm256_mul_ps(alpha, hi[i]);
        if (e->beta != 0) {
            v0 = _mm256_fmadd_ps(beta, _mm256_maskload_ps(row, m0), v0);
            v1 = _mm256_fmadd_ps(beta, _mm256_maskload_ps(row + 8, m1), v1);
        }
        if (e->row_bias) {
            __m256 rb = _mm256_set1_ps(e->row_bias[i]);
            v0 = _mm256_add_ps(v0, rb);
            v1 = _mm256_add_ps(v1, rb);
        }
        if (e->col_bias) { v0 = _mm256_add_ps(v0, cb0); v1 = _mm256_add_ps(v1, cb1); }
        if (e->relu) { v0 = _mm256_max_ps(zero, v0); v1 = _mm256_max_ps(zero, v1); }
        _mm256_maskstore_ps(row, m0, v0);
        _mm256_maskstore_ps(row + 8, m1, v1);
    }
}

TARGET void kusari_sgemm_kernel_avx2(long k, const float *a, long a_step, const float *b, long b_step,
                                     float *c, long rsc, long csc, long mr, long nr, const kusari_epilogue *e) {
    switch (mr) {
#define ROWS(n) case n: tile(n, k, a, a_step, b, b_step, c, rsc, csc, nr, e); break;
    ROWS(1) ROWS(2) ROWS(3) ROWS(4) ROWS(5) ROWS(6)
#undef ROWS
    default: break;
    }
}

// Horizontal sum in a fixed order.
INLINE TARGET float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

INLINE TARGET void dot(const int rows, const int cols, long runs, long run, const float *a, long lda,
                       long a_run_stride, const float *b, long ldb, long b_run_stride, float *c, long rsc, long csc,
                       const kusari_epilogue *e) {
    __m256 acc[DMR][DNR];
    #pragma clang loop unroll(full)
    for (int i = 0; i < rows; i++)
        #pragma clang loop unroll(full)
        for (int j = 0; j < cols; j++) acc[i][j] = _mm256_setzero_ps();
    for (long r = 0; r < runs; r++, a += a_run_stride, b += b_run_stride) {
        long p = 0;
        for (; p + 8 <= run; p += 8) {
            __m256 av[DMR];
            #pragma clang loop unroll(full)
            for (int i = 0; i < rows; i++) av[i] = _mm256_loadu_ps(a + i * lda + p);
            #pragma clang loop unroll(full)
            for (int j = 0; j < cols; j++) {
                __m256 bv = _mm256_loadu_ps(b + j * ldb + p);
                #pragma clang loop unroll(full)
                for (int i = 0; i < rows; i++) acc[i][j] = _mm256_fmadd_ps(av[i], bv, acc[i][j]);
            }
        }
        if (p < run) {
            __m256i m = lanes_below(run - p, 0);
            __m256 av[DMR];
            #pragma clang loop unroll(full)
            for (int i = 0; i < rows; i++) av[i] = _mm256_maskload_ps(a + i * lda + p, m);
            #pragma clang loop unroll(full)
            for (int j = 0; j < cols; j++) {
                __m256 bv = _mm256_maskload_ps(b + j * ldb + p, m);
                #pragma clang loop unroll(full)
                for (int i = 0; i < rows; i++) acc[i][j] = _mm256_fmadd_ps(av[i], bv, acc[i][j]);
            }
        }
    }
    float t[DMR * DNR];
    #pragma clang loop unroll(full)
    for (int i = 0; i < rows; i++)
        #pragma clang loop unroll(full)
        for (int j = 0; j < cols; j++) t[i * DNR + j] = hsum(acc[i][j]);
    kusari_store_scalar(t, DNR, c, rsc, csc, rows, cols, e);
}

TARGET void kusari_sgemm_dot_avx2(long runs, long run, const float *a, long lda, long a_run_stride, const float *b,
                                  long ldb, long b_run_stride, float *c, long rsc, long csc, long mr, long nr,
                                  const kusari_epilogue *e) {
    switch (mr * 8 + nr) {
#define TILE(r, s) case r * 8 + s: dot(r, s, runs, run, a, lda, a_run_stride, b, ldb, b_run_stride, c, rsc, csc, e); break;
    TILE(1, 1) TILE(1, 2) TILE(1, 3) TILE(2, 1) TILE(2, 2) TILE(2, 3) TILE(3, 1) TILE(3, 2) TILE(3, 3)
#undef TILE
    default: break;
    }
}
