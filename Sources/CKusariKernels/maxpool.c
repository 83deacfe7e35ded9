// Max pooling of float32 planes, forward and backward. The forward compares with SIMD masks so
// that the selects stay branch-free (compilers otherwise turn them into unpredictable branches):
// AVX-512 keeps 16 windows in registers over all their taps, SSE2 updates four at a time per tap.
#include "CKusariKernels.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/// One tap over windows lo <= x < hi: v = src[x * sx] replaces best[x] (tap replaces argmax[x])
/// when v > best[x]. Returns nonzero when some v is NaN.
static int max_tap(const float *src, long sx, long lo, long hi, int tap, float *best, int *argmax) {
    long x = lo;
#if defined(__SSE2__)
    __m128i taps = _mm_set1_epi32(tap), nan = _mm_setzero_si128();
    for (; x + 4 <= hi; x += 4) {
        const float *s = src + x * sx;
        __m128 v = _mm_setr_ps(s[0], s[sx], s[2 * sx], s[3 * sx]), b = _mm_loadu_ps(best + x);
        __m128i wins = _mm_castps_si128(_mm_cmpgt_ps(v, b));
        __m128i a = _mm_loadu_si128((const __m128i *)(argmax + x));
        _mm_storeu_ps(best + x, _mm_max_ps(v, b));  // v > b ? v : b, exactly
        _mm_storeu_si128((__m128i *)(argmax + x), _mm_or_si128(_mm_and_si128(wins, taps), _mm_andnot_si128(wins, a)));
        nan = _mm_or_si128(nan, _mm_castps_si128(_mm_cmpunord_ps(v, v)));
    }
    int seen = _mm_movemask_epi8(nan);
    for (; x < hi; x++) {
        __m128 v = _mm_load_ss(src + x * sx), b = _mm_load_ss(best + x);
        int wins = _mm_cvtsi128_si32(_mm_castps_si128(_mm_cmpgt_ss(v, b)));
        _mm_store_ss(best + x, _mm_max_ss(v, b));
        argmax[x] = (wins & tap) | (~wins & argmax[x]);
        seen |= _mm_cvtsi128_si32(_mm_castps_si128(_mm_cmpunord_ss(v, v)));
    }
    return seen;
#else
    int seen = 0;
    for (; x < hi; x++) {
        float v = src[x * sx], b = best[x];
        int wins = v > b;
        seen |= v != v;
        best[x] = wins ? v : b;
        argmax[x] = wins ? tap : argmax[x];
    }
    return seen;
#endif
}

#if defined(__x86_64__)
/// Output row oy of one plane, 16 windows a step, each step's maxima and argmaxes kept in
/// registers over all taps (a masked store read back by the next tap would stall on store
/// forwarding). Tap column i covers the windows col_lo[i] <= x < col_hi[i]; stride 1 loads its
/// values, stride 2 loads twice as many and keeps the even ones, other strides gather. Returns
/// nonzero when some tap read is NaN.
__attribute__((target("avx512f,bmi2")))
static int max_row_avx512(const float *image, long h, long w, long kh, long kw, long sy, long sx, long ph, long pw,
                          long oy, long ow, const long *col_lo, const long *col_hi, float *best, int *argmax) {
    const __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i lanes = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                             _mm512_set1_epi32((int)sx));
    __mmask16 nan = 0;
    for (long x0 = 0; x0 < ow; x0 += 16) {
        long n = ow - x0 < 16 ? ow - x0 : 16;
        __m512 top = _mm512_set1_ps(-__builtin_inff());
        __m512i at = _mm512_setzero_si512();
        for (long j = 0; j < kh; j++) {
            long iy = oy * sy - ph + j;
            if (iy < 0 || iy >= h) continue;
            for (long i = 0; i < kw; i++) {
                long lo = col_lo[i] > x0 ? col_lo[i] : x0, hi = col_hi[i] < x0 + n ? col_hi[i] : x0 + n;
                if (lo >= hi) continue;
                __mmask16 m = (__mmask16)(((1u << (hi - x0)) - 1) & ~((1u << (lo - x0)) - 1));
                const float *s = image + iy * w - pw + i + x0 * sx;
                __m512 v;
                if (sx == 1) {
                    v = _mm512_maskz_loadu_ps(m, s);
                } else if (sx == 2) {
                    __m512 a = _mm512_maskz_loadu_ps((__mmask16)_pdep_u32(m & 0xFF, 0x5555), s);
                    __m512 b = _mm512_maskz_loadu_ps((__mmask16)_pdep_u32(m >> 8, 0x5555), s + 16);
                    v = _mm512_permutex2var_ps(a, evens, b);
                } else {
                    v = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), m, lanes, s, 4);
                }
                __mmask16 wins = _mm512_mask_cmp_ps_mask(m, v, top, _CMP_GT_OQ);
                nan |= _mm512_mask_cmp_ps_mask(m, v, v, _CMP_UNORD_Q);
                top = _mm512_mask_mov_ps(top, wins, v);
                at = _mm512_mask_mov_epi32(at, wins, _mm512_set1_epi32((int)(j * kw + i)));
            }
        }
        __mmask16 out = (__mmask16)((1u << n) - 1);
        _mm512_mask_storeu_ps(best + x0, out, top);
        _mm512_mask_storeu_epi32(argmax + x0, out, at);
    }
    return nan != 0;
}
#endif

long kusari_maxpool_f32(const float *image, long planes, long h, long w, long kh, long kw, long sy, long sx, long ph,
                        long pw, long oh, long ow, const long *col_lo, const long *col_hi, int avx512, float *best,
                        int *argmax) {
    for (long p = 0; p < planes; p++) {
        int nan = 0;
        for (long oy = 0; oy < oh; oy++) {
            float *row_best = best + oy * ow;
            int *row_argmax = argmax + oy * ow;
#if defined(__x86_64__)
            if (avx512) {
                nan |= max_row_avx512(image, h, w, kh, kw, sy, sx, ph, pw, oy, ow, col_lo, col_hi, row_best, row_argmax);
                continue;
            }
#endif
            for (long x = 0; x < ow; x++) {
                row_best[x] = -__builtin_inff();
                row_argmax[x] = 0;
            }
            for (long j = 0; j < kh; j++) {
                long iy = oy * sy - ph + j;
                if (iy < 0 || iy >= h) continue;
                for (long i = 0; i < kw; i++) {
                    nan |= max_tap(image + iy * w + i - pw, sx, col_lo[i], col_hi[i], (int)(j * kw + i), row_best,
                                   row_argmax);
                }
            }
        }
        if (nan) return p;
        image += h * w;
        best += oh * ow;
        argmax += oh * ow;
    }
#if !defined(__x86_64__)
    (void)avx512;
#endif
    return planes;
}

long kusari_maxpool_backward_f32(const float *gy, const int *argmax, long planes, long h, long w, long kh, long kw,
                                 long sy, long sx, long ph, long pw, long oh, long ow, const long *tap_row,
                                 const long *tap_col, float *gx) {
    long taps = kh * kw;
    for (long p = 0; p < planes; p++) {
        for (long e = 0; e < h * w; e++) gx[e] = 0;
        // Walking windows backwards makes each element's sum run in ascending tap order.
        for (long oy = oh - 1; oy >= 0; oy--) {
            for (long ox = ow - 1; ox >= 0; ox--) {
                long k = argmax[oy * ow + ox];
                if (k < 0 || k >= taps) return p;
                long iy = oy * sy - ph + tap_row[k], ix = ox * sx - pw + tap_col[k];
                if (iy >= 0 && iy < h && ix >= 0 && ix < w) gx[iy * w + ix] += gy[oy * ow + ox];
            }
        }
        gy += oh * ow;
        argmax += oh * ow;
        gx += h * w;
    }
    return planes;
}
