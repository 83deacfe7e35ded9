// Max pooling of one float32 plane, in C with SSE masks so that the comparisons stay
// branch-free (compilers otherwise turn these selects into unpredictable branches).
#include "CKusariKernels.h"
#if defined(__SSE2__)
#include <emmintrin.h>
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

int kusari_maxpool_plane_f32(const float *image, long h, long w, long kh, long kw, long sy, long sx, long ph, long pw,
                             long oh, long ow, const long *col_lo, const long *col_hi, float *best, int *argmax) {
    int nan = 0;
    for (long oy = 0; oy < oh; oy++) {
        float *row_best = best + oy * ow;
        int *row_argmax = argmax + oy * ow;
        for (long x = 0; x < ow; x++) {
            row_best[x] = -__builtin_inff();
            row_argmax[x] = 0;
        }
        for (long j = 0; j < kh; j++) {
            long iy = oy * sy - ph + j;
            if (iy < 0 || iy >= h) continue;
            for (long i = 0; i < kw; i++) {
                nan |= max_tap(image + iy * w + i - pw, sx, col_lo[i], col_hi[i], (int)(j * kw + i), row_best, row_argmax);
            }
        }
    }
    return nan;
}
