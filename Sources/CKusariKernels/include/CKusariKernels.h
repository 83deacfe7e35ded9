// SIMD micro-kernels for Kusari. Only the innermost loops live here; blocking, packing
// order, threading and every decision about which kernel to call are made in Swift
// (KusariArray/Linalg). Each kernel comes in an AVX-512, an AVX2+FMA and a portable
// variant, chosen at run time from kusari_cpu_features().
#ifndef CKUSARI_KERNELS_H
#define CKUSARI_KERNELS_H

#include <stdint.h>

/// Bits of kusari_cpu_features().
enum {
    KUSARI_CPU_AVX2_FMA = 1,  // AVX2 and FMA3
    KUSARI_CPU_AVX512F = 2,   // AVX-512 Foundation (with FMA)
};

/// The SIMD extensions this CPU supports, as KUSARI_CPU_* bits.
int kusari_cpu_features(void);

/// What happens when a tile of accumulated products `acc` is written to C:
///   c = alpha * acc + beta * c          (c is not read when beta == 0, as in BLAS)
///   c += row_bias[i] (if non-NULL), c += col_bias[j] (if non-NULL), c = max(c, 0) (if relu)
/// row_bias and col_bias point at the tile's first row / column.
typedef struct {
    float alpha;
    float beta;
    const float *row_bias;
    const float *col_bias;
    int relu;
} kusari_epilogue;

/// Micro-kernel: the mr x nr tile C[i, j] = sum_p a[p * a_step + i] * b[p * b_step + j],
/// p < k, summed in order of p, then written through the epilogue at c[i * rsc + j * csc].
/// `a` and `b` are packed panels or, when already laid out so, the operands in place: the
/// kernel reads mr floats of `a` and NR floats of `b` per step (b is zero-padded beyond nr).
/// mr <= MR, nr <= NR.
typedef void (*kusari_sgemm_kernel)(long k, const float *a, long a_step, const float *b, long b_step,
                                     float *c, long rsc, long csc, long mr, long nr,
                                     const kusari_epilogue *e);

/// Dot kernel for long sums over rows that are contiguous in k (C = A B^T), k being `runs` runs
/// of `run` contiguous elements (one run when the rows are contiguous throughout):
/// the mr x nr tile C[i, j] = sum_p a[i * lda + (p / run) * a_run_stride + p % run]
///                                * b[j * ldb + (p / run) * b_run_stride + p % run], p < runs * run,
/// written through the epilogue. Lane l of the variant's vector accumulators takes the elements
/// at offsets q ≡ l (mod lanes) within each run, run after run; the lanes are added at the
/// end. mr, nr <= the variant's dot tile. The order of summation depends only on runs and run.
typedef void (*kusari_sgemm_dot_kernel)(long runs, long run, const float *a, long lda, long a_run_stride,
                                        const float *b, long ldb, long b_run_stride,
                                        float *c, long rsc, long csc, long mr, long nr,
                                        const kusari_epilogue *e);

// Tile sizes of each variant: MR x NR for the micro-kernel, DOT_MR x DOT_NR for the dot kernel.
enum {
    KUSARI_AVX512_MR = 12, KUSARI_AVX512_NR = 32, KUSARI_AVX512_DOT_MR = 5, KUSARI_AVX512_DOT_NR = 5,
    KUSARI_AVX2_MR = 6, KUSARI_AVX2_NR = 16, KUSARI_AVX2_DOT_MR = 3, KUSARI_AVX2_DOT_NR = 3,
    KUSARI_PORTABLE_MR = 4, KUSARI_PORTABLE_NR = 8, KUSARI_PORTABLE_DOT_MR = 2, KUSARI_PORTABLE_DOT_NR = 2,
};

void kusari_sgemm_kernel_avx512(long k, const float *a, long a_step, const float *b, long b_step,
                                float *c, long rsc, long csc, long mr, long nr, const kusari_epilogue *e);
void kusari_sgemm_kernel_avx2(long k, const float *a, long a_step, const float *b, long b_step,
                              float *c, long rsc, long csc, long mr, long nr, const kusari_epilogue *e);
void kusari_sgemm_kernel_portable(long k, const float *a, long a_step, const float *b, long b_step,
                                  float *c, long rsc, long csc, long mr, long nr, const kusari_epilogue *e);

void kusari_sgemm_dot_avx512(long runs, long run, const float *a, long lda, long a_run_stride, const float *b, long ldb,
                             long b_run_stride, float *c, long rsc, long csc, long mr, long nr, const kusari_epilogue *e);
void kusari_sgemm_dot_avx2(long runs, long run, const float *a, long lda, long a_run_stride, const float *b, long ldb,
                           long b_run_stride, float *c, long rsc, long csc, long mr, long nr, const kusari_epilogue *e);
void kusari_sgemm_dot_portable(long runs, long run, const float *a, long lda, long a_run_stride, const float *b, long ldb,
                               long b_run_stride, float *c, long rsc, long csc, long mr, long nr, const kusari_epilogue *e);

/// Signature of the packing routines.
typedef void (*kusari_spack_fn)(const float *src, long rs, long cs, long rows, long cols, long panel, float *dst);

/// Packs the rows x cols matrix X[r, q] = src[r * rs + q * cs] into ceil(rows / panel) panels,
/// panel t holding X[t * panel + i, q] at dst[t * panel * cols + q * panel + i]; rows past the
/// end are zero.
void kusari_spack(const float *src, long rs, long cs, long rows, long cols, long panel, float *dst);
/// kusari_spack with AVX-512 register transposes for sources whose rows are contiguous (cs == 1).
void kusari_spack_avx512(const float *src, long rs, long cs, long rows, long cols, long panel, float *dst);

/// Float64 inner loop: c[j] += s * b[j] for j < n (used by the float64 matrix product).
void kusari_daxpy(long n, double s, const double *b, double *c);

/// Max pooling of `planes` consecutive h x w float32 planes into oh x ow windows each: window
/// (oy, ox), tap (j, i) reads plane[(oy * sy - ph + j) * w + ox * sx - pw + i]; taps outside the
/// rows are skipped, and tap column i is read only for windows col_lo[i] <= ox < col_hi[i]. best
/// gets each window's maximum and argmax its first maximal tap j * kw + i (0 and -inf when no tap
/// is inside), taps compared in ascending order with an ordered `>`, so a NaN never wins.
/// `avx512` (nonzero only where the CPU has AVX-512F) picks 16-wide kernels; results are the
/// same. Stops at the first plane holding a NaN among the taps read and returns its index (the
/// caller pools that plane NaN-aware and resumes after it); returns `planes` otherwise.
long kusari_maxpool_f32(const float *image, long planes, long h, long w, long kh, long kw, long sy, long sx, long ph,
                        long pw, long oh, long ow, const long *col_lo, const long *col_hi, int avx512, float *best,
                        int *argmax);

/// The gradient of max pooling for `planes` consecutive planes: each plane of gx (h x w) is
/// overwritten with zeros plus, for every window (oy, ox), gy[oy * ow + ox] added at its argmax
/// tap k = argmax[oy * ow + ox], input row oy * sy - ph + tap_row[k], column ox * sx - pw +
/// tap_col[k] (dropped when that is padding). Windows are visited in descending order, so each
/// element sums its windows in ascending tap order. Returns the index of the first plane with
/// an argmax outside 0 ..< kh * kw, or `planes`.
long kusari_maxpool_backward_f32(const float *gy, const int *argmax, long planes, long h, long w, long kh, long kw,
                                 long sy, long sx, long ph, long pw, long oh, long ow, const long *tap_row,
                                 const long *tap_col, float *gx);

/// Variants of kusari_exp_f32; all give the same bits.
enum { KUSARI_EXP_PORTABLE = 0, KUSARI_EXP_AVX2 = 1, KUSARI_EXP_AVX512 = 2 };

/// y[i] = exp(x[i]) for i < count in float32, within 2 ulp of the correctly rounded value
/// (x and y may be the same array).
void kusari_exp_f32(const float *x, float *y, long count, int variant);

/// One Adam step on `count` elements, Chainer's update rule with each operation rounded on its
/// own: m += (1-β1)(g-m); v += (1-β2)(g²-v); v̂ = max(v̂, v) when vmax is non-NULL (AMSGrad),
/// else v; p -= η(α_t·m/(√v̂+ε) + λp). `avx512` picks 16-lane code; the result is the same.
void kusari_adam_f32(float *p, const float *g, float *m, float *v, float *vmax, long count, float one_minus_beta1,
                     float one_minus_beta2, float alpha_t, float eta, float eps, float decay, int avx512);
void kusari_adam_f64(double *p, const double *g, double *m, double *v, double *vmax, long count,
                     double one_minus_beta1, double one_minus_beta2, double alpha_t, double eta, double eps,
                     double decay, int avx512);

// Max pooling where the windows tile the planes exactly (maxpool_tiled.c).

/// Nonzero when the AVX-512 tiled kernels take windows of kh x kw over rows of w floats: w <= 32,
/// w / kw <= 16 and kh <= 8. (A portable tiled forward would be no faster than the general
/// kernel's SSE2 code, which covers every other case.)
int kusari_maxpool_tiled_fits(long kh, long kw, long w);

/// Max pooling where windows tile the planes (kernel kh x kw equal to the stride, no padding,
/// planes of oh * kh rows of w = ow * kw floats), as `groups` consecutive row groups of kh rows
/// (oh groups a plane): window (r, ox), tap (j, i) reads image[(r * kh + j) * w + ox * kw + i].
/// best[r * ow + ox] gets the window's maximum and argmax its tap j * kw + i: the first maximum
/// on ties, and the first NaN when one is read (NumPy's max and argmax), as the general kernel
/// with its NaN-aware fallback. AVX-512F only, where kusari_maxpool_tiled_fits.
void kusari_maxpool_tiled_f32(const float *image, long groups, long w, long kh, long kw, float *best, int *argmax);

/// The gradient of kusari_maxpool_tiled_f32: every input element of window (r, ox) gets
/// 0 + gy[r * ow + ox] when it is the argmax tap argmax[r * ow + ox] (tap k at row tap_row[k],
/// column tap_col[k] of the window), else +0: what kusari_maxpool_backward_f32 gives, -0
/// included. `avx512` (nonzero only where the CPU has AVX-512F) picks 16-wide code where
/// kusari_maxpool_tiled_fits; results are the same. Returns the first group with an argmax
/// outside 0 ..< kh * kw (that group left partly written), or `groups`.
long kusari_maxpool_tiled_backward_f32(const float *gy, const int *argmax, long groups, long w, long kh, long kw,
                                       const long *tap_row, const long *tap_col, int avx512, float *gx);

// im2col and col2im of float32 planes (im2col.c).

/// A 2-d window over h x w planes with oh x ow positions: window (y, x), tap (j, i) reads row
/// y * sy - ph + j * dy, column x * sx - pw + i * dx; taps outside the plane are padding. Tap row
/// j lies inside the plane for windows row_lo[j] <= y < row_hi[j], tap column i inside a row for
/// windows col_lo[i] <= x < col_hi[i].
typedef struct {
    long h, w, kh, kw, sy, sx, ph, pw, dy, dx, oh, ow;
    const long *row_lo, *row_hi, *col_lo, *col_hi;
} kusari_window2d;

/// im2col of `planes` consecutive planes (h * w apart): plane p's tap (j, i) is the oh x ow block
/// at columns + (p * kh * kw + j * kw + i) * tap_stride, rows ow apart, holding the value each
/// window's tap reads, or `pad` in the padding. `avx512` (nonzero only where the CPU has
/// AVX-512F) picks 16-wide masked copies; results are the same.
void kusari_im2col_f32(const float *image, long planes, const kusari_window2d *g, float pad, long tap_stride,
                       int avx512, float *columns);

/// col2im of `planes` consecutive (kh, kw, oh, ow) column blocks into h x w planes, which it
/// overwrites: each pixel is +0 plus the taps that read it, added in ascending (j, i) order, so
/// both variants give the same bits. `avx512` as in kusari_im2col_f32.
void kusari_col2im_f32(const float *columns, long planes, const kusari_window2d *g, int avx512, float *image);

// Pairwise sums (reduce.c).

/// Σ x[i] for i < n in float64, pairwise as Reduce.swift's `pairwiseSum` defines it (halves
/// down to leaves of at most 128 elements, four accumulators a leaf). `avx512` picks vector
/// leaves; the result is the same.
double kusari_pairwise_sum_f32(const float *x, long n, int avx512);
double kusari_pairwise_sum_f64(const double *x, long n, int avx512);

// Philox-4x32-10 (philox.c).

/// Writes the four words of each Philox block first ..< first + count (block index mod 2^64) of
/// `stream` under `seed`, block b's words at words[4 b ..< 4 b + 4], as Philox.swift's
/// `block(_:)` computes them. `avx512` picks sixteen blocks a step; the words are the same.
void kusari_philox4x32_10(uint64_t seed, uint64_t stream, uint64_t first, long count, int avx512, uint32_t *words);

#endif
