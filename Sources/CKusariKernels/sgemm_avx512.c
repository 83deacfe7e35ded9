// AVX-512 float32 kernels: a 12 x 32 micro-kernel on packed panels and a 4 x 4 dot kernel.
#include <immintrin.h>
#include "tile_store.h"

#define TARGET __attribute__((target("avx512f,fma")))
#define INLINE static inline __attribute__((always_inline))
enum { MR = KUSARI_AVX512_MR, NR = KUSARI_AVX512_NR, DMR = KUSARI_AVX512_DOT_MR, DNR = KUSARI_AVX512_DOT_NR };

// Transposes 16 rows of 16 floats: on return r[j] holds column j.
INLINE TARGET void transpose16(__m512 r[16]) {
    __m512 a[16], b[16];
#pragma clang loop unroll(full)
    for (int k = 0; k < 8; k++) {
        a[2 * k] = _mm512_unpacklo_ps(r[2 * k], r[2 * k + 1]);
        a[2 * k + 1] = _mm512_unpackhi_ps(r[2 * k], r[2 * k + 1]);
    }
    // b[4k + c] holds, in 128-bit lane L, column 4L + c of rows 4k .. 4k + 3.
#pragma clang loop unroll(full)
    for (int k = 0; k < 4; k++) {
        __m512d x = _mm512_castps_pd(a[4 * k]), y = _mm512_castps_pd(a[4 * k + 2]);
        __m512d z = _mm512_castps_pd(a[4 * k + 1]), w = _mm512_castps_pd(a[4 * k + 3]);
        b[4 * k] = _mm512_castpd_ps(_mm512_unpacklo_pd(x, y));
        b[4 * k + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(x, y));
        b[4 * k + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(z, w));
        b[4 * k + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(z, w));
    }
#pragma clang loop unroll(full)
    for (int c = 0; c < 4; c++) {
        __m512 u0 = _mm512_shuffle_f32x4(b[c], b[4 + c], 0x44), u1 = _mm512_shuffle_f32x4(b[c], b[4 + c], 0xEE);
        __m512 u2 = _mm512_shuffle_f32x4(b[8 + c], b[12 + c], 0x44), u3 = _mm512_shuffle_f32x4(b[8 + c], b[12 + c], 0xEE);
        r[c] = _mm512_shuffle_f32x4(u0, u2, 0x88);
        r[4 + c] = _mm512_shuffle_f32x4(u0, u2, 0xDD);
        r[8 + c] = _mm512_shuffle_f32x4(u1, u3, 0x88);
        r[12 + c] = _mm512_shuffle_f32x4(u1, u3, 0xDD);
    }
}

// Writes a tile whose rows are contiguous in C (rsc == 1, the transposed orientation): each
// half is transposed in registers so that every column of the tile is one masked store.
INLINE TARGET void store_columns(const int rows, const int wide, __m512 *lo, __m512 *hi, float *c, long csc,
                                 long nr, const kusari_epilogue *e) {
    __mmask16 lanes = (__mmask16)((1u << rows) - 1);
    __m512 alpha = _mm512_set1_ps(e->alpha), beta = _mm512_set1_ps(e->beta), zero = _mm512_setzero_ps();
    __m512 rb = e->row_bias ? _mm512_maskz_loadu_ps(lanes, e->row_bias) : zero;
#pragma clang loop unroll(full)
    for (int half = 0; half < 1 + wide; half++) {
        __m512 r[16];
#pragma clang loop unroll(full)
        for (int i = 0; i < 16; i++) r[i] = i < rows ? (half ? hi[i] : lo[i]) : zero;
        transpose16(r);
        long cols = nr - half * 16 < 16 ? nr - half * 16 : 16;
        for (long j = 0; j < cols; j++) {
            long col = half * 16 + j;
            float *out = c + col * csc;
            __m512 v = _mm512_mul_ps(alpha, r[j]);
            if (e->beta != 0) v = _mm512_fmadd_ps(beta, _mm512_maskz_loadu_ps(lanes, out), v);
            if (e->row_bias) v = _mm512_add_ps(v, rb);
            if (e->col_bias) v = _mm512_add_ps(v, _mm512_set1_ps(e->col_bias[col]));
            if (e->relu) v = _mm512_max_ps(zero, v);
            _mm512_mask_storeu_ps(out, lanes, v);
        }
    }
}

// `rows` and `wide` are compile-time constants at every call site and the row loops are
// fully unrolled, so the accumulators stay in registers. A tile at most 16 columns wide
// (wide == 0) skips the upper half of the products.
INLINE TARGET void tile(const int rows, const int wide, long k, const float *a, long a_step, const float *b,
                        long b_step, float *c, long rsc, long csc, long nr, const kusari_epilogue *e) {
    __m512 lo[MR], hi[MR];
#pragma clang loop unroll(full)
    for (int i = 0; i < rows; i++) { lo[i] = _mm512_setzero_ps(); hi[i] = _mm512_setzero_ps(); }
    for (long p = 0; p < k; p++) {
        __m512 b0 = _mm512_loadu_ps(b), b1 = wide ? _mm512_loadu_ps(b + 16) : b0;
#pragma clang loop unroll(full)
        for (int i = 0; i < rows; i++) {
            __m512 ai = _mm512_set1_ps(a[i]);
            lo[i] = _mm512_fmadd_ps(ai, b0, lo[i]);
            if (wide) hi[i] = _mm512_fmadd_ps(ai, b1, hi[i]);
        }
        a += a_step;
        b += b_step;
    }
    if (csc != 1 && rsc == 1) {
        store_columns(rows, wide, lo, hi, c, csc, nr, e);
        return;
    }
    if (csc != 1) {
        float t[MR * NR];
#pragma clang loop unroll(full)
        for (int i = 0; i < rows; i++) { _mm512_storeu_ps(t + i * NR, lo[i]); _mm512_storeu_ps(t + i * NR + 16, hi[i]); }
        kusari_store_scalar(t, NR, c, rsc, csc, rows, nr, e);
        return;
    }
    __mmask16 m0 = nr >= 16 ? 0xFFFF : (__mmask16)((1u << nr) - 1);
    __mmask16 m1 = nr >= 32 ? 0xFFFF : nr <= 16 ? 0 : (__mmask16)((1u << (nr - 16)) - 1);
    __m512 alpha = _mm512_set1_ps(e->alpha), beta = _mm512_set1_ps(e->beta), zero = _mm512_setzero_ps();
    __m512 cb0 = e->col_bias ? _mm512_maskz_loadu_ps(m0, e->col_bias) : zero;
    __m512 cb1 = e->col_bias ? _mm512_maskz_loadu_ps(m1, e->col_bias + 16) : zero;
#pragma clang loop unroll(full)
    for (int i = 0; i < rows; i++) {
        float *row = c + i * rsc;
        __m512 v0 = _mm512_mul_ps(alpha, lo[i]), v1 = _mm512_mul_ps(alpha, hi[i]);
        if (e->beta != 0) {
            v0 = _mm512_fmadd_ps(beta, _mm512_maskz_loadu_ps(m0, row), v0);
            v1 = _mm512_fmadd_ps(beta, _mm512_maskz_loadu_ps(m1, row + 16), v1);
        }
        if (e->row_bias) {
            __m512 rb = _mm512_set1_ps(e->row_bias[i]);
            v0 = _mm512_add_ps(v0, rb);
            v1 = _mm512_add_ps(v1, rb);
        }
        if (e->col_bias) { v0 = _mm512_add_ps(v0, cb0); v1 = _mm512_add_ps(v1, cb1); }
        if (e->relu) { v0 = _mm512_max_ps(zero, v0); v1 = _mm512_max_ps(zero, v1); }
        _mm512_mask_storeu_ps(row, m0, v0);
        _mm512_mask_storeu_ps(row + 16, m1, v1);
    }
}

TARGET void kusari_sgemm_kernel_avx512(long k, const float *a, long a_step, const float *b, long b_step,
                                       float *c, long rsc, long csc, long mr, long nr, const kusari_epilogue *e) {
    int wide = nr > 16;
#define ROWS(n) case 2 * n: tile(n, 0, k, a, a_step, b, b_step, c, rsc, csc, nr, e); break; \
                case 2 * n + 1: tile(n, 1, k, a, a_step, b, b_step, c, rsc, csc, nr, e); break;
    switch (mr * 2 + wide) {
    ROWS(1) ROWS(2) ROWS(3) ROWS(4) ROWS(5) ROWS(6) ROWS(7) ROWS(8) ROWS(9) ROWS(10) ROWS(11) ROWS(12)
    default: break;
    }
#undef ROWS
}

INLINE TARGET void dot(const int rows, const int cols, long runs, long run, const float *a, long lda,
                       long a_run_stride, const float *b, long ldb, long b_run_stride, float *c, long rsc, long csc,
                       const kusari_epilogue *e) {
    __m512 acc[DMR][DNR];
    #pragma clang loop unroll(full)
    for (int i = 0; i < rows; i++)
        #pragma clang loop unroll(full)
        for (int j = 0; j < cols; j++) acc[i][j] = _mm512_setzero_ps();
    for (long r = 0; r < runs; r++, a += a_run_stride, b += b_run_stride) {
        long p = 0;
        for (; p + 16 <= run; p += 16) {
            __m512 av[DMR];
            #pragma clang loop unroll(full)
            for (int i = 0; i < rows; i++) av[i] = _mm512_loadu_ps(a + i * lda + p);
            #pragma clang loop unroll(full)
            for (int j = 0; j < cols; j++) {
                __m512 bv = _mm512_loadu_ps(b + j * ldb + p);
                #pragma clang loop unroll(full)
                for (int i = 0; i < rows; i++) acc[i][j] = _mm512_fmadd_ps(av[i], bv, acc[i][j]);
            }
        }
        if (p < run) {
            __mmask16 m = (__mmask16)((1u << (run - p)) - 1);
            __m512 av[DMR];
            #pragma clang loop unroll(full)
            for (int i = 0; i < rows; i++) av[i] = _mm512_maskz_loadu_ps(m, a + i * lda + p);
            #pragma clang loop unroll(full)
            for (int j = 0; j < cols; j++) {
                __m512 bv = _mm512_maskz_loadu_ps(m, b + j * ldb + p);
                #pragma clang loop unroll(full)
                for (int i = 0; i < rows; i++) acc[i][j] = _mm512_fmadd_ps(av[i], bv, acc[i][j]);
            }
        }
    }
    float t[DMR * DNR];
    #pragma clang loop unroll(full)
    for (int i = 0; i < rows; i++)
        #pragma clang loop unroll(full)
        for (int j = 0; j < cols; j++) t[i * DNR + j] = _mm512_reduce_add_ps(acc[i][j]);
    kusari_store_scalar(t, DNR, c, rsc, csc, rows, cols, e);
}

TARGET void kusari_sgemm_dot_avx512(long runs, long run, const float *a, long lda, long a_run_stride, const float *b,
                                    long ldb, long b_run_stride, float *c, long rsc, long csc, long mr, long nr,
                                    const kusari_epilogue *e) {
    switch (mr * 8 + nr) {
#define TILE(r, s) case r * 8 + s: dot(r, s, runs, run, a, lda, a_run_stride, b, ldb, b_run_stride, c, rsc, csc, e); break;
    TILE(1, 1) TILE(1, 2) TILE(1, 3) TILE(1, 4) TILE(1, 5) TILE(2, 1) TILE(2, 2) TILE(2, 3) TILE(2, 4) TILE(2, 5)
    TILE(3, 1) TILE(3, 2) TILE(3, 3) TILE(3, 4) TILE(3, 5) TILE(4, 1) TILE(4, 2) TILE(4, 3) TILE(4, 4) TILE(4, 5)
    TILE(5, 1) TILE(5, 2) TILE(5, 3) TILE(5, 4) TILE(5, 5)
#undef TILE
    default: break;
    }
}

// kusari_spack with 16 x 16 register transposes when rows of the source are contiguous
// (cs == 1); other layouts are plain copies and go to the portable loop.
TARGET void kusari_spack_avx512(const float *src, long rs, long cs, long rows, long cols, long panel, float *dst) {
    if (cs != 1) {
        kusari_spack(src, rs, cs, rows, cols, panel, dst);
        return;
    }
    for (long t = 0; t < rows; t += panel) {
        long h = rows - t < panel ? rows - t : panel;
        float *d = dst + t * cols;
        for (long i0 = 0; i0 < panel; i0 += 16) {
            long lanes = panel - i0 < 16 ? panel - i0 : 16;
            __mmask16 store = (__mmask16)((1u << lanes) - 1);
            for (long q0 = 0; q0 < cols; q0 += 16) {
                long width = cols - q0 < 16 ? cols - q0 : 16;
                __mmask16 load = (__mmask16)((1u << width) - 1);
                if (i0 >= h) {
                    for (long q = 0; q < width; q++) _mm512_mask_storeu_ps(d + (q0 + q) * panel + i0, store, _mm512_setzero_ps());
                    continue;
                }
                __m512 r[16];
#pragma clang loop unroll(full)
                for (int i = 0; i < 16; i++)
                    r[i] = i0 + i < h ? _mm512_maskz_loadu_ps(load, src + (t + i0 + i) * rs + q0) : _mm512_setzero_ps();
                transpose16(r);
                for (long q = 0; q < width; q++) _mm512_mask_storeu_ps(d + (q0 + q) * panel + i0, store, r[q]);
            }
        }
    }
}
