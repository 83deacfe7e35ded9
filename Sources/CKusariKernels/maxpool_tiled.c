// Max pooling of float32 planes whose windows tile them exactly (kernel == stride, no padding,
// sizes multiples of the kernel), forward and backward. Each output row then reads its own kh
// input rows, a "group", and a run of planes is one long run of groups, so the AVX-512 kernels
// pack several groups into one 16-lane step whatever the row width (the general kernel gives a
// row of 4 outputs a whole step). Compares are NaN-aware, so no plane needs the general
// kernel's NaN fallback. The backward writes each element once, its gradient or zero (the
// portable code zeroes one group at a time, in cache), where the general one zeroes whole
// planes and then scatters into them.
#include "CKusariKernels.h"
#include <immintrin.h>

/// The most rows a window of the AVX-512 kernels may have: a step keeps each in two registers.
enum { MAX_ROWS = 8 };

/// Row groups per step of the AVX-512 kernels: as many rows of w floats as fit in 32 floats,
/// and their ow = w / kw outputs in 16 lanes; 0 when one group does not fit.
static long groups_per_step(long kh, long kw, long w) {
    long ow = w / kw;
    if (w > 32 || ow > 16 || kh > MAX_ROWS) return 0;
    return 16 / ow < 32 / w ? 16 / ow : 32 / w;
}

int kusari_maxpool_tiled_fits(long kh, long kw, long w) { return groups_per_step(kh, kw, w) > 0; }

/// The lanes below n set.
static inline __mmask16 first_lanes(long n) { return n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << n) - 1); }

/// Where a step's rows lie in registers. Row j of every group in the step is loaded into one
/// pair of registers, group g's row at positions g·w ..< (g + 1)·w of the pair, so that every
/// tap of a row is one permute of its pair. Lane L of register q, position 16·q + L, holds
/// element 16·q + L − g·w of group g's row: one masked load (or store) per group and register,
/// at offset g·(kh·w − w) + 16·q from the step's row j.
typedef struct {
    long count[2];
    long offset[2][16];
    __mmask16 lanes[2][16];
} row_pieces;

static void place_rows(long groups, long w, long kh, row_pieces *p) {
    for (long q = 0; q < 2; q++) {
        p->count[q] = 0;
        for (long g = 0; g < groups; g++) {
            long lo = g * w - 16 * q, hi = lo + w;
            lo = lo < 0 ? 0 : lo;
            hi = hi > 16 ? 16 : hi;
            if (lo >= hi) continue;
            p->offset[q][p->count[q]] = g * (kh * w - w) + 16 * q;
            p->lanes[q][p->count[q]++] = (__mmask16)(((1u << hi) - 1) & ~((1u << lo) - 1));
        }
    }
}

/// (top, at) becomes (v, v_at) where v replaces top: !(v <= top) and top is not NaN. With v's
/// taps all after top's this keeps the first maximum and the first NaN (NumPy's max and
/// argmax), however the taps are grouped.
__attribute__((target("avx512f"), always_inline))
static inline void keep_first_max(__m512 *top, __m512i *at, __m512 v, __m512i v_at) {
    __mmask16 ordered = _mm512_cmp_ps_mask(*top, *top, _CMP_ORD_Q);
    __mmask16 wins = _mm512_mask_cmp_ps_mask(ordered, v, *top, _CMP_NLE_UQ);
    *top = _mm512_mask_mov_ps(*top, wins, v);
    *at = _mm512_mask_mov_epi32(*at, wins, v_at);
}

/// One step: `n` groups from `s` into the first n·ow lanes of best and argmax. Tap (j, i) of
/// lane g·ow + ox is position index[i][lane] = g·w + ox·kw + i of row j's pair. Each row is
/// reduced over i, then the rows over j: shorter dependency chains than tap after tap, same
/// result.
__attribute__((target("avx512f"), always_inline))
static inline void max_step(const float *s, long n, long w, long kh, long kw, const row_pieces *p,
                            const __m512i *index, float *best, int *argmax) {
    __m512 a[MAX_ROWS], b[MAX_ROWS];
    for (long j = 0; j < kh; j++) a[j] = b[j] = _mm512_setzero_ps();
    for (long e = 0; e < p->count[0]; e++) {
        for (long j = 0; j < kh; j++) a[j] = _mm512_mask_loadu_ps(a[j], p->lanes[0][e], s + j * w + p->offset[0][e]);
    }
    for (long e = 0; e < p->count[1]; e++) {
        for (long j = 0; j < kh; j++) b[j] = _mm512_mask_loadu_ps(b[j], p->lanes[1][e], s + j * w + p->offset[1][e]);
    }
    __m512 top = _mm512_setzero_ps();
    __m512i at = _mm512_setzero_si512();
    for (long j = 0; j < kh; j++) {
        __m512 row_top = _mm512_permutex2var_ps(a[j], index[0], b[j]);
        __m512i row_at = _mm512_set1_epi32((int)(j * kw));
        for (long i = 1; i < kw; i++) {
            keep_first_max(&row_top, &row_at, _mm512_permutex2var_ps(a[j], index[i], b[j]),
                           _mm512_set1_epi32((int)(j * kw + i)));
        }
        if (j == 0) {
            top = row_top;
            at = row_at;
        } else {
            keep_first_max(&top, &at, row_top, row_at);
        }
    }
    _mm512_mask_storeu_ps(best, first_lanes(n * (w / kw)), top);
    _mm512_mask_storeu_epi32(argmax, first_lanes(n * (w / kw)), at);
}

/// All steps; inlined with kh and kw known where it can be, so that the loops over the taps
/// unroll.
__attribute__((target("avx512f"), always_inline))
static inline void max_steps(const float *image, long groups, long w, long kh, long kw, float *best, int *argmax) {
    long ow = w / kw, span = kh * w, per = groups_per_step(kh, kw, w), full = groups / per * per;
    __m512i index[32];
    for (long i = 0; i < kw; i++) {
        int position[16];
        for (long l = 0; l < 16; l++) position[l] = l < per * ow ? (int)(l / ow * w + l % ow * kw + i) : 0;
        index[i] = _mm512_loadu_si512(position);
    }
    row_pieces pieces;
    place_rows(per, w, kh, &pieces);
    for (long r = 0; r < full; r += per) {
        max_step(image + r * span, per, w, kh, kw, &pieces, index, best + r * ow, argmax + r * ow);
    }
    if (full < groups) {
        place_rows(groups - full, w, kh, &pieces);
        max_step(image + full * span, groups - full, w, kh, kw, &pieces, index, best + full * ow, argmax + full * ow);
    }
}

__attribute__((target("avx512f")))
void kusari_maxpool_tiled_f32(const float *image, long groups, long w, long kh, long kw, float *best, int *argmax) {
    if (kh == 2 && kw == 2) {
        max_steps(image, groups, w, 2, 2, best, argmax);
    } else {
        max_steps(image, groups, w, kh, kw, best, argmax);
    }
}

/// One step of the backward, `n` groups laid out as in max_step: position 16·q + L of row j's
/// pair belongs to gy lane lane[q][L], and is its argmax when that lane's index is
/// j·kw + column[q][L]. Returns the first group of the step with an index outside the window,
/// or n.
__attribute__((target("avx512f"), always_inline))
static inline long unpool_step(const float *gy, const int *argmax, long n, long w, long kh, long kw,
                               const row_pieces *p, const __m512i *lane, const __m512i *column, float *gx) {
    __mmask16 in = first_lanes(n * (w / kw));
    __m512 g = _mm512_maskz_loadu_ps(in, gy);
    __m512i k = _mm512_maskz_loadu_epi32(in, argmax);
    __mmask16 bad = _mm512_mask_cmp_epu32_mask(in, k, _mm512_set1_epi32((int)(kh * kw)), _MM_CMPINT_NLT);
    if (bad) return __builtin_ctz(bad) / (w / kw);
    // 0 + g rather than g, as the general backward's sum into zeros: -0 becomes +0.
    __m512 g0 = _mm512_add_ps(_mm512_setzero_ps(), _mm512_permutexvar_ps(lane[0], g));
    __m512 g1 = _mm512_add_ps(_mm512_setzero_ps(), _mm512_permutexvar_ps(lane[1], g));
    __m512i k0 = _mm512_permutexvar_epi32(lane[0], k), k1 = _mm512_permutexvar_epi32(lane[1], k);
    for (long j = 0; j < kh; j++) {
        __m512i row = _mm512_set1_epi32((int)(j * kw));
        __m512 v0 = _mm512_maskz_mov_ps(_mm512_cmpeq_epi32_mask(k0, _mm512_add_epi32(column[0], row)), g0);
        __m512 v1 = _mm512_maskz_mov_ps(_mm512_cmpeq_epi32_mask(k1, _mm512_add_epi32(column[1], row)), g1);
        for (long e = 0; e < p->count[0]; e++) _mm512_mask_storeu_ps(gx + j * w + p->offset[0][e], p->lanes[0][e], v0);
        for (long e = 0; e < p->count[1]; e++) _mm512_mask_storeu_ps(gx + j * w + p->offset[1][e], p->lanes[1][e], v1);
    }
    return n;
}

/// All steps of the backward, inlined as max_steps.
__attribute__((target("avx512f"), always_inline))
static inline long unpool_steps(const float *gy, const int *argmax, long groups, long w, long kh, long kw,
                                float *gx) {
    long ow = w / kw, span = kh * w, per = groups_per_step(kh, kw, w), full = groups / per * per;
    __m512i lane[2], column[2];
    for (long q = 0; q < 2; q++) {
        int from[16], at[16];
        for (long l = 0; l < 16; l++) {
            long position = 16 * q + l;
            from[l] = position < per * w ? (int)(position / w * ow + position % w / kw) : 0;
            at[l] = (int)(position % w % kw);
        }
        lane[q] = _mm512_loadu_si512(from);
        column[q] = _mm512_loadu_si512(at);
    }
    row_pieces pieces;
    place_rows(per, w, kh, &pieces);
    for (long r = 0; r < full; r += per) {
        long done = unpool_step(gy + r * ow, argmax + r * ow, per, w, kh, kw, &pieces, lane, column, gx + r * span);
        if (done < per) return r + done;
    }
    if (full == groups) return groups;
    place_rows(groups - full, w, kh, &pieces);
    return full + unpool_step(gy + full * ow, argmax + full * ow, groups - full, w, kh, kw, &pieces, lane, column,
                              gx + full * span);
}

__attribute__((target("avx512f")))
static long unpool_avx512(const float *gy, const int *argmax, long groups, long w, long kh, long kw, float *gx) {
    return kh == 2 && kw == 2 ? unpool_steps(gy, argmax, groups, w, 2, 2, gx)
                              : unpool_steps(gy, argmax, groups, w, kh, kw, gx);
}

/// Each group is zeroed, then each window's gradient stored at its argmax: no choice depends
/// on the data (a branch on it would be mispredicted), and the group is still in cache.
static long unpool_portable(const float *gy, const int *argmax, long groups, long w, long kh, long kw,
                            const long *tap_row, const long *tap_col, float *gx) {
    long ow = w / kw, taps = kh * kw;
    for (long r = 0; r < groups; r++) {
        for (long ox = 0; ox < ow; ox++) {
            if (argmax[ox] < 0 || argmax[ox] >= taps) return r;
        }
        for (long e = 0; e < kh * w; e++) gx[e] = 0;
        for (long ox = 0; ox < ow; ox++) {
            // 0 + g rather than g, as the general backward's sum into zeros: -0 becomes +0.
            gx[tap_row[argmax[ox]] * w + ox * kw + tap_col[argmax[ox]]] = 0.0f + gy[ox];
        }
        gy += ow;
        argmax += ow;
        gx += kh * w;
    }
    return groups;
}

long kusari_maxpool_tiled_backward_f32(const float *gy, const int *argmax, long groups, long w, long kh, long kw,
                                       const long *tap_row, const long *tap_col, int avx512, float *gx) {
    if (avx512 && kusari_maxpool_tiled_fits(kh, kw, w)) return unpool_avx512(gy, argmax, groups, w, kh, kw, gx);
    return unpool_portable(gy, argmax, groups, w, kh, kw, tap_row, tap_col, gx);
}
