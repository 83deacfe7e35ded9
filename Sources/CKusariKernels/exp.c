// float32 exp over arrays. One algorithm in three instruction sets, so every variant returns
// the same bits: x is clamped to [-104, 89] (outside, exp is 0 or infinite in float32),
// n = rint(x·log2 e), r = x − n·ln 2 in two exact steps (Cody–Waite), e^r by the degree-7
// Taylor polynomial in Horner form with fused multiply-adds (truncation below 2⁻²⁷ on
// |r| ≤ ln 2 / 2), then two exact power-of-two multiplications 2^(n/2)·2^(n−n/2), so the only
// rounding of the scaling is the last one, subnormal results included. NaN passes through.
#include "CKusariKernels.h"
#include <math.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define EXP_LOW (-104.0f)
#define EXP_HIGH 89.0f
#define EXP_LOG2E 1.44269504088896341f
#define EXP_LN2_HI 0.693359375f        // 9 significant bits: n·EXP_LN2_HI is exact
#define EXP_LN2_LO (-2.12194440e-4f)   // ln 2 − EXP_LN2_HI
#define EXP_C7 (1.0f / 5040)
#define EXP_C6 (1.0f / 720)
#define EXP_C5 (1.0f / 120)
#define EXP_C4 (1.0f / 24)
#define EXP_C3 (1.0f / 6)
#define EXP_C2 0.5f

/// 2^k for -126 <= k <= 127, built from its exponent bits.
static inline float exp_pow2(int k) {
    union { unsigned u; float f; } bits = { (unsigned)(k + 127) << 23 };
    return bits.f;
}

static inline float exp_scalar(float x) {
    if (x != x) return x;
    float c = x < EXP_LOW ? EXP_LOW : (x > EXP_HIGH ? EXP_HIGH : x);
    float n = rintf(c * EXP_LOG2E);
    float r = fmaf(-n, EXP_LN2_HI, c);
    r = fmaf(-n, EXP_LN2_LO, r);
    float p = fmaf(EXP_C7, r, EXP_C6);
    p = fmaf(p, r, EXP_C5);
    p = fmaf(p, r, EXP_C4);
    p = fmaf(p, r, EXP_C3);
    p = fmaf(p, r, EXP_C2);
    p = fmaf(p, r, 1.0f);
    p = fmaf(p, r, 1.0f);
    int k = (int)n, half = k >> 1;
    return p * exp_pow2(half) * exp_pow2(k - half);
}

#if defined(__x86_64__)
/// e^v on 16 lanes.
__attribute__((target("avx512f")))
static inline __m512 exp16(__m512 v) {
    const __m512i bias = _mm512_set1_epi32(127);
    __m512 c = _mm512_min_ps(_mm512_max_ps(v, _mm512_set1_ps(EXP_LOW)), _mm512_set1_ps(EXP_HIGH));
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(c, _mm512_set1_ps(EXP_LOG2E)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(EXP_LN2_HI), c);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(EXP_LN2_LO), r);
    __m512 p = _mm512_fmadd_ps(_mm512_set1_ps(EXP_C7), r, _mm512_set1_ps(EXP_C6));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(EXP_C5));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(EXP_C4));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(EXP_C3));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(EXP_C2));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    __m512i k = _mm512_cvtps_epi32(n), half = _mm512_srai_epi32(k, 1);
    __m512 first = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(half, bias), 23));
    __m512 second = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(_mm512_sub_epi32(k, half), bias), 23));
    __m512 e = _mm512_mul_ps(_mm512_mul_ps(p, first), second);
    // max/min return their second operand for NaN, so NaN lanes were clamped to a number.
    return _mm512_mask_mov_ps(e, _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q), v);
}

__attribute__((target("avx512f")))
static void exp_avx512(const float *x, float *y, long count) {
    long i = 0;
    // Full vectors unmasked: masked stores are slow on some AVX-512 CPUs (AMD Zen 4 and 5).
    for (; i + 16 <= count; i += 16) _mm512_storeu_ps(y + i, exp16(_mm512_loadu_ps(x + i)));
    if (i < count) {
        __mmask16 tail = (__mmask16)((1u << (count - i)) - 1);
        _mm512_mask_storeu_ps(y + i, tail, exp16(_mm512_maskz_loadu_ps(tail, x + i)));
    }
}

__attribute__((target("avx2,fma")))
static void exp_avx2(const float *x, float *y, long count) {
    const __m256 low = _mm256_set1_ps(EXP_LOW), high = _mm256_set1_ps(EXP_HIGH);
    const __m256i bias = _mm256_set1_epi32(127);
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        __m256 v = _mm256_loadu_ps(x + i);
        // NaN lanes are clamped to a number here and restored at the end, as in exp16.
        __m256 c = _mm256_min_ps(_mm256_max_ps(v, low), high);
        __m256 n = _mm256_round_ps(_mm256_mul_ps(c, _mm256_set1_ps(EXP_LOG2E)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(EXP_LN2_HI), c);
        r = _mm256_fnmadd_ps(n, _mm256_set1_ps(EXP_LN2_LO), r);
        __m256 p = _mm256_fmadd_ps(_mm256_set1_ps(EXP_C7), r, _mm256_set1_ps(EXP_C6));
        p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(EXP_C5));
        p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(EXP_C4));
        p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(EXP_C3));
        p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(EXP_C2));
        p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
        p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
        __m256i k = _mm256_cvtps_epi32(n), half = _mm256_srai_epi32(k, 1);
        __m256 first = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(half, bias), 23));
        __m256 second = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(_mm256_sub_epi32(k, half), bias), 23));
        __m256 e = _mm256_mul_ps(_mm256_mul_ps(p, first), second);
        _mm256_storeu_ps(y + i, _mm256_blendv_ps(e, v, _mm256_cmp_ps(v, v, _CMP_UNORD_Q)));
    }
    for (; i < count; i++) y[i] = exp_scalar(x[i]);
}
#endif

void kusari_exp_f32(const float *x, float *y, long count, int variant) {
#if defined(__x86_64__)
    if (variant == KUSARI_EXP_AVX512) return exp_avx512(x, y, count);
    if (variant == KUSARI_EXP_AVX2) return exp_avx2(x, y, count);
#endif
    (void)variant;
    for (long i = 0; i < count; i++) y[i] = exp_scalar(x[i]);
}
