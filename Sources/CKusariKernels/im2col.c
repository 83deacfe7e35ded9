// im2col and col2im of float32 planes. Convolution rows are short (8 to 24 floats), so a libc
// call per row costs more than the copy: AVX-512 moves a row in one or two masked loads and
// stores, the padding coming from the load's fill value. The portable loops follow the definitions.
#include "CKusariKernels.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/// im2col of one plane: row y of tap (j, i) holds, in its columns x < ow, the input at row
/// y * sy - ph + j * dy, column x * sx - pw + i * dx where that is inside, `pad` elsewhere. The
/// portable loops take the window by value so that their stores cannot make the compiler read
/// it again.
static void im2col_plane_portable(const float *image, kusari_window2d g, float pad, long tap_stride,
                                  float *columns) {
    for (long j = 0; j < g.kh; j++) {
        long y0 = g.row_lo[j], y1 = g.row_hi[j];
        for (long i = 0; i < g.kw; i++) {
            long lo = g.col_lo[i], hi = g.col_hi[i];
            float *row = columns + (j * g.kw + i) * tap_stride;
            const float *src = image + (y0 * g.sy - g.ph + j * g.dy) * g.w + i * g.dx - g.pw;
            for (long y = 0; y < g.oh; y++, row += g.ow) {
                if (y < y0 || y >= y1) {
                    for (long x = 0; x < g.ow; x++) row[x] = pad;
                    continue;
                }
                for (long x = 0; x < lo; x++) row[x] = pad;
                if (g.sx == 1) {
                    for (long x = lo; x < hi; x++) row[x] = src[x];  // vectorized by the compiler
                } else {
                    for (long x = lo; x < hi; x++) row[x] = src[x * g.sx];
                }
                for (long x = hi; x < g.ow; x++) row[x] = pad;
                src += g.sy * g.w;
            }
        }
    }
}

/// col2im of one plane as its definition scatters it: every tap (j, i) in ascending order adds
/// its rows into the zeroed image, so each pixel sums its taps in that order.
static void col2im_plane_portable(const float *columns, kusari_window2d g, float *image) {
    for (long e = 0; e < g.h * g.w; e++) image[e] = 0;
    for (long j = 0; j < g.kh; j++) {
        for (long i = 0; i < g.kw; i++) {
            long lo = g.col_lo[i], hi = g.col_hi[i];
            for (long y = g.row_lo[j]; y < g.row_hi[j]; y++) {
                const float *row = columns + ((j * g.kw + i) * g.oh + y) * g.ow;
                float *target = image + (y * g.sy - g.ph + j * g.dy) * g.w + i * g.dx - g.pw;
                if (g.sx == 1) {
                    for (long x = lo; x < hi; x++) target[x] += row[x];
                } else {
                    for (long x = lo; x < hi; x++) target[x * g.sx] += row[x];
                }
            }
        }
    }
}

#if defined(__x86_64__)
/// The lanes k < n (n <= 16) of a 16-lane step starting at column x0 with lo <= x0 + k < hi.
static inline __mmask16 lanes_between(long x0, long n, long lo, long hi) {
    long a = lo > x0 ? lo - x0 : 0, b = hi - x0 < n ? hi - x0 : n;
    return a < b ? (__mmask16)(((1u << b) - 1) & ~((1u << a) - 1)) : 0;
}

/// im2col_plane_portable, 16 columns of a tap's rows a step: the masks depend on the tap and
/// the step only, and the load's mask leaves the padding lanes at `pad`. Stride 1 loads the
/// row, stride 2 loads twice as many and keeps the even ones, other strides gather.
__attribute__((target("avx512f,bmi2")))
static void im2col_plane_avx512(const float *image, const kusari_window2d *g, float pad, long tap_stride,
                                float *columns) {
    const __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i lanes = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                             _mm512_set1_epi32((int)g->sx));
    const __m512 padding = _mm512_set1_ps(pad);
    const long sx = g->sx, ow = g->ow, step = g->sy * g->w;
    for (long j = 0; j < g->kh; j++) {
        long y0 = g->row_lo[j], y1 = g->row_hi[j];
        for (long i = 0; i < g->kw; i++) {
            float *block = columns + (j * g->kw + i) * tap_stride;
            for (long x0 = 0; x0 < ow; x0 += 16) {
                long n = ow - x0 < 16 ? ow - x0 : 16;
                __mmask16 out = (__mmask16)((1u << n) - 1), m = lanes_between(x0, n, g->col_lo[i], g->col_hi[i]);
                float *d = block + x0;
                for (long y = 0; y < y0; y++) _mm512_mask_storeu_ps(d + y * ow, out, padding);
                for (long y = y1; y < g->oh; y++) _mm512_mask_storeu_ps(d + y * ow, out, padding);
                const float *s = image + (y0 * g->sy - g->ph + j * g->dy) * g->w + i * g->dx - g->pw + x0 * sx;
                if (sx == 1) {
                    for (long y = y0; y < y1; y++, s += step) {
                        _mm512_mask_storeu_ps(d + y * ow, out, _mm512_mask_loadu_ps(padding, m, s));
                    }
                } else if (sx == 2) {
                    __mmask16 even_lo = (__mmask16)_pdep_u32(m & 0xFF, 0x5555), even_hi = (__mmask16)_pdep_u32(m >> 8, 0x5555);
                    for (long y = y0; y < y1; y++, s += step) {
                        __m512 v = _mm512_permutex2var_ps(_mm512_maskz_loadu_ps(even_lo, s), evens,
                                                          _mm512_maskz_loadu_ps(even_hi, s + 16));
                        _mm512_mask_storeu_ps(d + y * ow, out, _mm512_mask_blend_ps(m, padding, v));
                    }
                } else {
                    for (long y = y0; y < y1; y++, s += step) {
                        _mm512_mask_storeu_ps(d + y * ow, out, _mm512_mask_i32gather_ps(padding, m, lanes, s, 4));
                    }
                }
            }
        }
    }
}

/// Image rows col2im_plane_avx512 sums at once.
enum { COL2IM_ROWS = 16 };

/// col2im_plane_portable for strides 1, gathering instead of scattering: pixel (r, q) sums, from
/// +0, column q + pw - i * dx of window row r + ph - j * dy of every tap (j, i) in ascending
/// order, the same additions in the same order. The sums of 16 columns of up to COL2IM_ROWS
/// rows stay in a buffer whose slots are read and written whole, so each load takes its value
/// straight from the previous store; scattering into the image instead makes every tap wait on
/// the unaligned stores of the one before.
__attribute__((target("avx512f")))
static void col2im_plane_avx512(const float *columns, const kusari_window2d *g, float *image) {
    const long kw = g->kw, oh = g->oh, ow = g->ow;
    __m512 sum[COL2IM_ROWS];
    for (long r0 = 0; r0 < g->h; r0 += COL2IM_ROWS) {
        long rows = g->h - r0 < COL2IM_ROWS ? g->h - r0 : COL2IM_ROWS;
        for (long q0 = 0; q0 < g->w; q0 += 16) {
            long n = g->w - q0 < 16 ? g->w - q0 : 16;
            for (long k = 0; k < rows; k++) sum[k] = _mm512_setzero_ps();
            for (long j = 0; j < g->kh; j++) {
                // Image row r0 + k reads window row y + k of tap row j, for k0 <= k < k1.
                long y = r0 + g->ph - j * g->dy;
                long k0 = y < 0 ? -y : 0, k1 = oh - y < rows ? oh - y : rows;
                for (long i = 0; i < kw; i++) {
                    long x0 = q0 + g->pw - i * g->dx;
                    __mmask16 m = lanes_between(x0, n, g->col_lo[i], g->col_hi[i]);
                    const float *s = columns + ((j * kw + i) * oh + y) * ow + x0;
                    for (long k = k0; k < k1; k++) {
                        sum[k] = _mm512_mask_add_ps(sum[k], m, sum[k], _mm512_maskz_loadu_ps(m, s + k * ow));
                    }
                }
            }
            for (long k = 0; k < rows; k++) {
                _mm512_mask_storeu_ps(image + (r0 + k) * g->w + q0, (__mmask16)((1u << n) - 1), sum[k]);
            }
        }
    }
}
#endif

void kusari_im2col_f32(const float *image, long planes, const kusari_window2d *g, float pad, long tap_stride,
                       int avx512, float *columns) {
    for (long p = 0; p < planes; p++) {
        const float *plane = image + p * g->h * g->w;
        float *out = columns + p * g->kh * g->kw * tap_stride;
#if defined(__x86_64__)
        if (avx512) {
            im2col_plane_avx512(plane, g, pad, tap_stride, out);
            continue;
        }
#endif
        im2col_plane_portable(plane, *g, pad, tap_stride, out);
    }
#if !defined(__x86_64__)
    (void)avx512;
#endif
}

void kusari_col2im_f32(const float *columns, long planes, const kusari_window2d *g, int avx512, float *image) {
    for (long p = 0; p < planes; p++) {
        const float *in = columns + p * g->kh * g->kw * g->oh * g->ow;
        float *plane = image + p * g->h * g->w;
#if defined(__x86_64__)
        if (avx512 && g->sx == 1 && g->sy == 1) {
            col2im_plane_avx512(in, g, plane);
            continue;
        }
#endif
        col2im_plane_portable(in, *g, plane);
    }
#if !defined(__x86_64__)
    (void)avx512;
#endif
}
