// Philox-4x32-10 blocks for a run of counters (Philox.swift defines the generator and Kusari's
// counter layout). The AVX-512 variant computes sixteen blocks at once, one per lane, with the
// same integer operations, so both variants write the same words.
#include "CKusariKernels.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

enum { M0 = 0xD2511F53u, M1 = 0xCD9E8D57u, W0 = 0x9E3779B9u, W1 = 0xBB67AE85u };

static void philox_block(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0, uint32_t k1,
                         uint32_t *out) {
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k0 += W0;
            k1 += W1;
        }
        uint64_t p0 = (uint64_t)M0 * c0, p1 = (uint64_t)M1 * c2;
        uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0, n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
        c0 = n0;
        c1 = (uint32_t)p1;
        c2 = n2;
        c3 = (uint32_t)p0;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

#if defined(__x86_64__)
#define TARGET __attribute__((target("avx512f")))

/// The high 32 bits of each lane's 64-bit product c * m.
static inline TARGET __m512i mulhi(__m512i c, __m512i m) {
    __m512i even = _mm512_srli_epi64(_mm512_mul_epu32(c, m), 32);
    __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(c, 32), m);
    return _mm512_mask_blend_epi32(0xAAAA, even, odd);
}

/// Blocks first ..< first + 16 * groups, sixteen at a time, written in block order.
static TARGET void philox_avx512(uint64_t seed, uint64_t stream, uint64_t first, long groups, uint32_t *words) {
    const __m512i m0 = _mm512_set1_epi32((int)M0), m1 = _mm512_set1_epi32((int)M1);
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    for (long g = 0; g < groups; g++, words += 64) {
        uint64_t base = first + (uint64_t)g * 16;
        __m512i c0 = _mm512_add_epi32(_mm512_set1_epi32((int)(uint32_t)base), lane);
        // The block index's upper word, plus one in the lanes whose lower word wrapped around.
        __mmask16 wrapped = _mm512_cmplt_epu32_mask(c0, _mm512_set1_epi32((int)(uint32_t)base));
        __m512i c1 = _mm512_mask_add_epi32(_mm512_set1_epi32((int)(uint32_t)(base >> 32)), wrapped,
                                           _mm512_set1_epi32((int)(uint32_t)(base >> 32)), _mm512_set1_epi32(1));
        __m512i c2 = _mm512_set1_epi32((int)(uint32_t)stream), c3 = _mm512_set1_epi32((int)(uint32_t)(stream >> 32));
        uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
        for (int round = 0; round < 10; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            __m512i n0 = _mm512_xor_si512(_mm512_xor_si512(mulhi(c2, m1), c1), _mm512_set1_epi32((int)k0));
            __m512i n2 = _mm512_xor_si512(_mm512_xor_si512(mulhi(c0, m0), c3), _mm512_set1_epi32((int)k1));
            c1 = _mm512_mullo_epi32(c2, m1);
            c3 = _mm512_mullo_epi32(c0, m0);
            c0 = n0;
            c2 = n2;
        }
        // Lanes to blocks: after the unpacks, 128-bit lane L of e, f, g, h holds blocks 4L,
        // 4L + 1, 4L + 2, 4L + 3; the shuffles gather each group of four blocks.
        __m512i a = _mm512_unpacklo_epi32(c0, c1), b = _mm512_unpackhi_epi32(c0, c1);
        __m512i c = _mm512_unpacklo_epi32(c2, c3), d = _mm512_unpackhi_epi32(c2, c3);
        __m512i e = _mm512_unpacklo_epi64(a, c), f = _mm512_unpackhi_epi64(a, c);
        __m512i gg = _mm512_unpacklo_epi64(b, d), h = _mm512_unpackhi_epi64(b, d);
        __m512i low_ef = _mm512_shuffle_i32x4(e, f, 0x44), low_gh = _mm512_shuffle_i32x4(gg, h, 0x44);
        __m512i high_ef = _mm512_shuffle_i32x4(e, f, 0xEE), high_gh = _mm512_shuffle_i32x4(gg, h, 0xEE);
        _mm512_storeu_si512(words, _mm512_shuffle_i32x4(low_ef, low_gh, 0x88));
        _mm512_storeu_si512(words + 16, _mm512_shuffle_i32x4(low_ef, low_gh, 0xDD));
        _mm512_storeu_si512(words + 32, _mm512_shuffle_i32x4(high_ef, high_gh, 0x88));
        _mm512_storeu_si512(words + 48, _mm512_shuffle_i32x4(high_ef, high_gh, 0xDD));
    }
}
#endif

void kusari_philox4x32_10(uint64_t seed, uint64_t stream, uint64_t first, long count, int avx512, uint32_t *words) {
    long done = 0;
#if defined(__x86_64__)
    if (avx512) {
        philox_avx512(seed, stream, first, count / 16, words);
        done = count / 16 * 16;
    }
#endif
    (void)avx512;
    for (long b = done; b < count; b++) {
        uint64_t index = first + (uint64_t)b;
        philox_block((uint32_t)index, (uint32_t)(index >> 32), (uint32_t)stream, (uint32_t)(stream >> 32),
                     (uint32_t)seed, (uint32_t)(seed >> 32), words + 4 * b);
    }
}
