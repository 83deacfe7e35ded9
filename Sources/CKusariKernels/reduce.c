// Pairwise float64 sums of float32 and float64 arrays, in the order Reduce.swift defines:
// halve (the first n/2 elements, then the rest) down to leaves of at most 128 elements; a leaf
// adds element 4g + l into accumulator l for every whole group g, the rest into accumulator 0,
// and gives (a0 + a1) + (a2 + a3). The AVX-512 leaves keep the four accumulators in one
// vector and step through up to four sibling leaves together: the same numbers added in the
// same order.
#include "CKusariKernels.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define LEAF(x, n)                                                                 \
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0;                                         \
    long i = 0;                                                                    \
    for (; i + 4 <= n; i += 4) {                                                   \
        a0 += x[i];                                                                \
        a1 += x[i + 1];                                                            \
        a2 += x[i + 2];                                                            \
        a3 += x[i + 3];                                                            \
    }                                                                              \
    for (; i < n; i++) a0 += x[i];                                                 \
    return (a0 + a1) + (a2 + a3);

static double leaf_f32(const float *x, long n) { LEAF(x, n) }
static double leaf_f64(const double *x, long n) { LEAF(x, n) }

#if defined(__x86_64__)
/// Leaves x[start[l] ..< start[l] + count[l]] for l < leaves (at most 4), each with a0..a3 as
/// the lanes of one vector, stepped through together so that their additions overlap; each
/// leaf adds the same numbers in the same order as leaf_f32 (or leaf_f64).
#define VECTOR_LEAVES(NAME, T, LOAD4)                                                      \
    __attribute__((target("avx512f")))                                                     \
    static void NAME(const T *x, const long *start, const long *count, int leaves, double *sums) { \
        __m256d acc[4] = {_mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd()}; \
        long common = count[0];                                                            \
        for (int l = 1; l < leaves; l++) common = count[l] < common ? count[l] : common;   \
        long i = 0;                                                                        \
        for (; i + 4 <= common; i += 4)                                                    \
            for (int l = 0; l < leaves; l++) acc[l] = _mm256_add_pd(acc[l], LOAD4(x + start[l] + i)); \
        for (int l = 0; l < leaves; l++) {                                                 \
            long j = i;                                                                    \
            for (; j + 4 <= count[l]; j += 4) acc[l] = _mm256_add_pd(acc[l], LOAD4(x + start[l] + j)); \
            double a[4];                                                                   \
            _mm256_storeu_pd(a, acc[l]);                                                   \
            for (; j < count[l]; j++) a[0] += x[start[l] + j];                             \
            sums[l] = (a[0] + a[1]) + (a[2] + a[3]);                                       \
        }                                                                                  \
    }

#define LOAD4_F32(p) _mm256_cvtps_pd(_mm_loadu_ps(p))
#define LOAD4_F64(p) _mm256_loadu_pd(p)
VECTOR_LEAVES(leaves_f32_avx512, float, LOAD4_F32)
VECTOR_LEAVES(leaves_f64_avx512, double, LOAD4_F64)

/// pairwise_f32 (or _f64) with vector leaves: a node of at most 256 elements is two leaves,
/// one of 258 to 512 four (its halves exceed 128), summed together and combined as the
/// halving combines them.
#define VECTOR_PAIRWISE(NAME, T, LEAVES)                                                   \
    __attribute__((target("avx512f")))                                                     \
    static double NAME(const T *x, long n) {                                               \
        long half = n / 2;                                                                 \
        double s[4];                                                                       \
        if (n <= 128) {                                                                    \
            long start[1] = {0}, count[1] = {n};                                           \
            LEAVES(x, start, count, 1, s);                                                 \
            return s[0];                                                                   \
        }                                                                                  \
        if (n <= 256) {                                                                    \
            long start[2] = {0, half}, count[2] = {half, n - half};                        \
            LEAVES(x, start, count, 2, s);                                                 \
            return s[0] + s[1];                                                            \
        }                                                                                  \
        if (n <= 512 && half > 128) {                                                   \
            long quarter = half / 2, rest = (n - half) / 2;                                \
            long start[4] = {0, quarter, half, half + rest};                               \
            long count[4] = {quarter, half - quarter, rest, n - half - rest};              \
            LEAVES(x, start, count, 4, s);                                                 \
            return (s[0] + s[1]) + (s[2] + s[3]);                                          \
        }                                                                                  \
        return NAME(x, half) + NAME(x + half, n - half);                                   \
    }

VECTOR_PAIRWISE(pairwise_f32_avx512, float, leaves_f32_avx512)
VECTOR_PAIRWISE(pairwise_f64_avx512, double, leaves_f64_avx512)
#endif

#define PAIRWISE(NAME, T, LEAF_FN)                                                 \
    static double NAME(const T *x, long n) {                                       \
        if (n <= 128) return LEAF_FN(x, n);                                        \
        long half = n / 2;                                                         \
        return NAME(x, half) + NAME(x + half, n - half);                           \
    }

PAIRWISE(pairwise_f32, float, leaf_f32)
PAIRWISE(pairwise_f64, double, leaf_f64)

double kusari_pairwise_sum_f32(const float *x, long n, int avx512) {
#if defined(__x86_64__)
    if (avx512) return pairwise_f32_avx512(x, n);
#endif
    (void)avx512;
    return pairwise_f32(x, n);
}

double kusari_pairwise_sum_f64(const double *x, long n, int avx512) {
#if defined(__x86_64__)
    if (avx512) return pairwise_f64_avx512(x, n);
#endif
    (void)avx512;
    return pairwise_f64(x, n);
}
