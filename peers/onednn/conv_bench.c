// The passes of `kusari-bench conv`, timed on oneDNN (Debian's libdnnl, C API v2), so that the
// two can be compared in one run. Built outside the Swift package by run.sh; never a dependency.
//
//   conv_bench [--layout any|nchw]
//
// Threads: oneDNN's OpenMP runtime, set with OMP_NUM_THREADS (reported as "threads").
// Layouts: with `any` (the default) oneDNN picks the memory formats it prefers for every tensor
// (blocked, e.g. nChw16c) and only the primitive's execution is timed: the reorders from and to
// NCHW are left out, as a framework built on oneDNN keeps its tensors in oneDNN's layouts. With
// `nchw` every tensor is plain NCHW / OIHW, the layout kusari computes in.
// Timing: as kusari-bench's `medianSeconds`: 3 warm-up calls, then the median of 7 samples, each
// averaging as many calls as fit in 50 ms.
#include <oneapi/dnnl/dnnl.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECK(call)                                                                  \
    do {                                                                             \
        dnnl_status_t status_ = (call);                                              \
        if (status_ != dnnl_success) {                                               \
            fprintf(stderr, "conv_bench: %s failed (status %d)\n", #call, status_); \
            exit(1);                                                                 \
        }                                                                            \
    } while (0)

static dnnl_engine_t engine;
static dnnl_stream_t stream;
static dnnl_format_tag_t activations, filters;  // format_tag_any, or nchw / oihw
static const char *layout_name;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/// One primitive with its arguments, executed to completion.
typedef struct {
    dnnl_primitive_t primitive;
    int count;
    dnnl_exec_arg_t args[8];
} call_t;

static void execute(const call_t *c) {
    CHECK(dnnl_primitive_execute(c->primitive, stream, c->count, c->args));
    CHECK(dnnl_stream_wait(stream));
}

static double median_seconds(const call_t *c) {
    for (int i = 0; i < 3; i++) execute(c);
    double samples[7];
    for (int s = 0; s < 7; s++) {
        double start = now(), elapsed;
        long calls = 0;
        do {
            execute(c);
            calls++;
            elapsed = now() - start;
        } while (elapsed < 0.05);
        samples[s] = elapsed / calls;
    }
    for (int i = 1; i < 7; i++)  // insertion sort of 7 values
        for (int j = i; j > 0 && samples[j] < samples[j - 1]; j--) {
            double t = samples[j];
            samples[j] = samples[j - 1];
            samples[j - 1] = t;
        }
    return samples[3];
}

/// A memory of the descriptor `md`, filled with values in [-scale, scale) (a fixed LCG).
static dnnl_memory_t memory(const dnnl_memory_desc_t *md, float scale) {
    dnnl_memory_t m;
    CHECK(dnnl_memory_create(&m, md, engine, DNNL_MEMORY_ALLOCATE));
    void *data;
    CHECK(dnnl_memory_get_data_handle(m, &data));
    size_t count = dnnl_memory_desc_get_size(md) / sizeof(float);
    unsigned state = 12345;
    for (size_t i = 0; i < count; i++) {
        state = state * 1664525u + 1013904223u;
        ((float *)data)[i] = scale * ((float)(state >> 8) / (float)(1u << 23) - 1.0f);
    }
    return m;
}

static dnnl_memory_desc_t desc(int ndims, const dnnl_dim_t *dims, dnnl_format_tag_t tag) {
    dnnl_memory_desc_t md;
    CHECK(dnnl_memory_desc_init_by_tag(&md, ndims, dims, dnnl_f32, tag));
    return md;
}

static const dnnl_memory_desc_t *query(const_dnnl_primitive_desc_t pd, dnnl_query_t what) {
    return dnnl_primitive_desc_query_md(pd, what, 0);
}

static void report(const char *name, const char *pass, const_dnnl_primitive_desc_t pd, double seconds) {
    const char *impl = "";
    CHECK(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &impl));
    printf("{\"op\":\"conv\",\"case\":\"%s\",\"pass\":\"%s\",\"threads\":%d,\"ms\":%.3f,"
           "\"impl\":\"onednn\",\"layout\":\"%s\",\"kernel\":\"%s\"}\n",
           name, pass, omp_get_max_threads(), seconds * 1e3, layout_name, impl);
    fflush(stdout);
}

static dnnl_primitive_t primitive(const_dnnl_primitive_desc_t pd) {
    dnnl_primitive_t p;
    CHECK(dnnl_primitive_create(&p, pd));
    return p;
}

/// conv: x (n, c, size, size) * W (o, c, 5, 5) + b, stride 1, no padding: forward (training),
/// backward weights (dW and db) and backward data (dX). Returns the forward's dst descriptor,
/// the layout the following pooling reads.
static dnnl_memory_desc_t conv_case(const char *name, int n, int c, int o, int size) {
    int out = size - 4;
    dnnl_dim_t xd[] = {n, c, size, size}, wd[] = {o, c, 5, 5}, bd[] = {o}, yd[] = {n, o, out, out};
    dnnl_dims_t strides = {1, 1}, pad = {0, 0};
    dnnl_memory_desc_t x = desc(4, xd, activations), w = desc(4, wd, filters), b = desc(1, bd, dnnl_x),
                       y = desc(4, yd, activations);

    dnnl_convolution_desc_t fd, bwd, bdd;
    CHECK(dnnl_convolution_forward_desc_init(&fd, dnnl_forward_training, dnnl_convolution_direct, &x, &w, &b, &y,
                                             strides, pad, pad));
    dnnl_primitive_desc_t fpd, wpd, dpd;
    CHECK(dnnl_primitive_desc_create(&fpd, &fd, NULL, engine, NULL));
    CHECK(dnnl_convolution_backward_weights_desc_init(&bwd, dnnl_convolution_direct, &x, &w, &b, &y, strides, pad, pad));
    CHECK(dnnl_primitive_desc_create(&wpd, &bwd, NULL, engine, fpd));
    CHECK(dnnl_convolution_backward_data_desc_init(&bdd, dnnl_convolution_direct, &x, &w, &y, strides, pad, pad));
    CHECK(dnnl_primitive_desc_create(&dpd, &bdd, NULL, engine, fpd));

    call_t forward = {primitive(fpd), 4, {
        {DNNL_ARG_SRC, memory(query(fpd, dnnl_query_src_md), 1)},
        {DNNL_ARG_WEIGHTS, memory(query(fpd, dnnl_query_weights_md), 0.2f)},
        {DNNL_ARG_BIAS, memory(dnnl_primitive_desc_query_md(fpd, dnnl_query_weights_md, 1), 0.1f)},
        {DNNL_ARG_DST, memory(query(fpd, dnnl_query_dst_md), 0)}}};
    call_t weights = {primitive(wpd), 4, {
        {DNNL_ARG_SRC, memory(query(wpd, dnnl_query_src_md), 1)},
        {DNNL_ARG_DIFF_DST, memory(query(wpd, dnnl_query_diff_dst_md), 1)},
        {DNNL_ARG_DIFF_WEIGHTS, memory(query(wpd, dnnl_query_diff_weights_md), 0)},
        {DNNL_ARG_DIFF_BIAS, memory(dnnl_primitive_desc_query_md(wpd, dnnl_query_diff_weights_md, 1), 0)}}};
    call_t data = {primitive(dpd), 3, {
        {DNNL_ARG_DIFF_DST, memory(query(dpd, dnnl_query_diff_dst_md), 1)},
        {DNNL_ARG_WEIGHTS, memory(query(dpd, dnnl_query_weights_md), 0.2f)},
        {DNNL_ARG_DIFF_SRC, memory(query(dpd, dnnl_query_diff_src_md), 0)}}};
    report(name, "forward", fpd, median_seconds(&forward));
    report(name, "dW", wpd, median_seconds(&weights));
    report(name, "dX", dpd, median_seconds(&data));
    return *query(fpd, dnnl_query_dst_md);
}

/// 2×2 max pooling, stride 2, of x (the layout `src`, as the convolution before it wrote it):
/// forward (training, keeping the argmax workspace) and backward (from that workspace).
static void pool_case(const char *name, dnnl_memory_desc_t src) {
    dnnl_dim_t n = src.dims[0], c = src.dims[1], size = src.dims[2], out = size / 2;
    dnnl_dim_t yd[] = {n, c, out, out};
    dnnl_dims_t strides = {2, 2}, kernel = {2, 2}, pad = {0, 0};
    dnnl_memory_desc_t y = desc(4, yd, activations == dnnl_format_tag_any ? dnnl_format_tag_any : dnnl_nchw);
    dnnl_pooling_desc_t fd, bd;
    CHECK(dnnl_pooling_forward_desc_init(&fd, dnnl_forward_training, dnnl_pooling_max, &src, &y, strides, kernel, pad, pad));
    dnnl_primitive_desc_t fpd, bpd;
    CHECK(dnnl_primitive_desc_create(&fpd, &fd, NULL, engine, NULL));
    dnnl_memory_desc_t dy = *query(fpd, dnnl_query_dst_md);
    CHECK(dnnl_pooling_backward_desc_init(&bd, dnnl_pooling_max, &src, &dy, strides, kernel, pad, pad));
    CHECK(dnnl_primitive_desc_create(&bpd, &bd, NULL, engine, fpd));

    dnnl_memory_t workspace = memory(query(fpd, dnnl_query_workspace_md), 0);
    call_t forward = {primitive(fpd), 3, {
        {DNNL_ARG_SRC, memory(query(fpd, dnnl_query_src_md), 1)},
        {DNNL_ARG_DST, memory(query(fpd, dnnl_query_dst_md), 0)},
        {DNNL_ARG_WORKSPACE, workspace}}};
    call_t backward = {primitive(bpd), 3, {
        {DNNL_ARG_DIFF_DST, memory(query(bpd, dnnl_query_diff_dst_md), 1)},
        {DNNL_ARG_WORKSPACE, workspace},
        {DNNL_ARG_DIFF_SRC, memory(query(bpd, dnnl_query_diff_src_md), 0)}}};
    report(name, "forward", fpd, median_seconds(&forward));  // also leaves a real argmax in the workspace
    report(name, "backward", bpd, median_seconds(&backward));
}

int main(int argc, char **argv) {
    layout_name = "any";
    if (argc == 3 && strcmp(argv[1], "--layout") == 0 && (!strcmp(argv[2], "any") || !strcmp(argv[2], "nchw"))) {
        layout_name = argv[2];
    } else if (argc != 1) {
        fprintf(stderr, "usage: %s [--layout any|nchw]\n", argv[0]);
        return 2;
    }
    int any = strcmp(layout_name, "any") == 0;
    activations = any ? dnnl_format_tag_any : dnnl_nchw;
    filters = any ? dnnl_format_tag_any : dnnl_oihw;
    CHECK(dnnl_engine_create(&engine, dnnl_cpu, 0));
    CHECK(dnnl_stream_create(&stream, engine, dnnl_stream_default_flags));
    dnnl_memory_desc_t conv1 = conv_case("conv1", 100, 1, 20, 28);
    dnnl_memory_desc_t conv2 = conv_case("conv2", 100, 20, 50, 12);
    // The pools read what the convolutions wrote: (100, 20, 24, 24) and (100, 50, 8, 8).
    pool_case("pool1", conv1);
    pool_case("pool2", conv2);
    return 0;
}
