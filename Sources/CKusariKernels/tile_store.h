// The scalar epilogue shared by every kernel variant (private to CKusariKernels).
#ifndef KUSARI_TILE_STORE_H
#define KUSARI_TILE_STORE_H
#include "CKusariKernels.h"

/// Writes the mr x nr tile t (row stride ldt) to c[i * rsc + j * csc] through the epilogue.
/// ReLU is written as v < 0 ? 0 : v so that NaN propagates, as the vector max(0, v) does.
static inline __attribute__((always_inline))
void kusari_store_scalar(const float *t, long ldt, float *c, long rsc, long csc, long mr, long nr,
                         const kusari_epilogue *e) {
    for (long i = 0; i < mr; i++) {
        for (long j = 0; j < nr; j++) {
            float *out = c + i * rsc + j * csc;
            float v = e->alpha * t[i * ldt + j];
            if (e->beta != 0) v += e->beta * *out;
            if (e->row_bias) v += e->row_bias[i];
            if (e->col_bias) v += e->col_bias[j];
            if (e->relu) v = v < 0 ? 0 : v;
            *out = v;
        }
    }
}

#endif
