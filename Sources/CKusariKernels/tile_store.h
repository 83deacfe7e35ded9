// The scalar epilogue shared by every kernel variant (private to CKusariKernels).
#ifndef KUSARI_TILE_STORE_H
#define KUSARI_TILE_STORE_H
#include "CKusariKernels.h"

/// One element of C through the epilogue: acc is the sum of products, out its place in C,
/// i and j its row and column in the tile. ReLU is written as v < 0 ? 0 : v so that NaN
/// propagates, as the vector max(0, v) does.
static inline __attribute__((always_inline))
void kusari_store_element(float acc, float *out, long i, long j, const kusari_epilogue *e) {
    float v = e->alpha * acc;
    if (e->beta != 0) v += e->beta * *out;
    if (e->row_bias) v += e->row_bias[i];
    if (e->col_bias) v += e->col_bias[j];
    if (e->relu) v = v < 0 ? 0 : v;
    *out = v;
}

/// Writes the mr x nr tile t (row stride ldt) to c[i * rsc + j * csc] through the epilogue,
/// walking C along whichever direction is contiguous.
static inline __attribute__((always_inline))
void kusari_store_scalar(const float *t, long ldt, float *c, long rsc, long csc, long mr, long nr,
                         const kusari_epilogue *e) {
    if (csc == 1) {
        for (long i = 0; i < mr; i++)
            for (long j = 0; j < nr; j++) kusari_store_element(t[i * ldt + j], c + i * rsc + j, i, j, e);
    } else {
        for (long j = 0; j < nr; j++)
            for (long i = 0; i < mr; i++) kusari_store_element(t[i * ldt + j], c + i * rsc + j * csc, i, j, e);
    }
}

#endif
