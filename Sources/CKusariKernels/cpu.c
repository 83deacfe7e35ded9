// Run-time CPU feature check that picks the kernel variant.
#include "CKusariKernels.h"

int kusari_cpu_features(void) {
    __builtin_cpu_init();
    int bits = 0;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) bits |= KUSARI_CPU_AVX2_FMA;
    if ((bits & KUSARI_CPU_AVX2_FMA) && __builtin_cpu_supports("avx512f")) bits |= KUSARI_CPU_AVX512F;
    return bits;
}
