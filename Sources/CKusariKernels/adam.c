// Adam's update of one parameter array, float32 and float64. Each operation rounds on its own
// (no fused multiply-add), in the order Chainer's update rule writes them, so the vectorised
// variants and the scalar one give the same bits.
#pragma STDC FP_CONTRACT OFF
#include "CKusariKernels.h"

// Two loops rather than a test of vmax per element: vectorised with that test, the loop
// issues masked accesses through the NULL vmax, and suppressing their faults costs
// microseconds a vector on some CPUs.
#define ADAM_LOOP(T, SQRT)                                                                         \
    if (vmax) {                                                                                    \
        for (long i = 0; i < count; i++) {                                                         \
            m[i] = m[i] + one_minus_beta1 * (g[i] - m[i]);                                         \
            v[i] = v[i] + one_minus_beta2 * (g[i] * g[i] - v[i]);                                  \
            vmax[i] = v[i] >= vmax[i] ? v[i] : vmax[i];                                            \
            p[i] = p[i] - eta * (alpha_t * m[i] / (SQRT(vmax[i]) + eps) + decay * p[i]);           \
        }                                                                                          \
    } else {                                                                                       \
        for (long i = 0; i < count; i++) {                                                         \
            m[i] = m[i] + one_minus_beta1 * (g[i] - m[i]);                                         \
            v[i] = v[i] + one_minus_beta2 * (g[i] * g[i] - v[i]);                                  \
            p[i] = p[i] - eta * (alpha_t * m[i] / (SQRT(v[i]) + eps) + decay * p[i]);              \
        }                                                                                          \
    }

#define ADAM_VARIANT(NAME, T, SQRT, ATTRIBUTE)                                                      \
    ATTRIBUTE static void NAME(T *restrict p, const T *restrict g, T *restrict m, T *restrict v,   \
                               T *restrict vmax, long count, T one_minus_beta1, T one_minus_beta2, \
                               T alpha_t, T eta, T eps, T decay) {                                 \
        ADAM_LOOP(T, SQRT)                                                                         \
    }

ADAM_VARIANT(adam_f32_portable, float, __builtin_elementwise_sqrt, )
ADAM_VARIANT(adam_f64_portable, double, __builtin_elementwise_sqrt, )
#if defined(__x86_64__)
ADAM_VARIANT(adam_f32_avx512, float, __builtin_elementwise_sqrt, __attribute__((target("avx512f"))))
ADAM_VARIANT(adam_f64_avx512, double, __builtin_elementwise_sqrt, __attribute__((target("avx512f"))))
#endif

void kusari_adam_f32(float *p, const float *g, float *m, float *v, float *vmax, long count, float one_minus_beta1,
                     float one_minus_beta2, float alpha_t, float eta, float eps, float decay, int avx512) {
#if defined(__x86_64__)
    if (avx512) return adam_f32_avx512(p, g, m, v, vmax, count, one_minus_beta1, one_minus_beta2, alpha_t, eta, eps, decay);
#endif
    (void)avx512;
    adam_f32_portable(p, g, m, v, vmax, count, one_minus_beta1, one_minus_beta2, alpha_t, eta, eps, decay);
}

void kusari_adam_f64(double *p, const double *g, double *m, double *v, double *vmax, long count,
                     double one_minus_beta1, double one_minus_beta2, double alpha_t, double eta, double eps,
                     double decay, int avx512) {
#if defined(__x86_64__)
    if (avx512) return adam_f64_avx512(p, g, m, v, vmax, count, one_minus_beta1, one_minus_beta2, alpha_t, eta, eps, decay);
#endif
    (void)avx512;
    adam_f64_portable(p, g, m, v, vmax, count, one_minus_beta1, one_minus_beta2, alpha_t, eta, eps, decay);
}
