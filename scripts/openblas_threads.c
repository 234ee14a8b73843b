// OpenBLAS's GEMM and GEMV on one thread against two, for DualTape's single-thread threshold
// (OpenBLASLibrary.singleThreadedWork; table in BENCHMARKS.md, "OpenBLAS kernels and threads").
//
//   cc -O2 -o /tmp/openblas_threads scripts/openblas_threads.c -ldl
//   OPENBLAS_CORETYPE=SkylakeX /tmp/openblas_threads 61
//
// Each case alternates one-thread and two-thread samples (the argument: how many of each) and
// prints their medians and minima in microseconds; a sample repeats the call until it holds about
// 4 million multiply-adds. On a shared machine the median says what a busy second core costs,
// the minimum what two threads give when it is free. Last line: the cost of switching.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
typedef void (*dgemm_t)(int, int, int, int, int, int, double, const double*, int, const double*, int, double, double*, int);
typedef void (*sgemm_t)(int, int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int);
typedef void (*dgemv_t)(int, int, int, int, double, const double*, int, const double*, int, double, double*, int);
typedef void (*setn_t)(int);
typedef char *(*name_t)(void);
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
static int cmp(const void *a, const void *b) { double x = *(double*)a, y = *(double*)b; return x < y ? -1 : x > y; }
static dgemm_t dgemm; static sgemm_t sgemm; static dgemv_t dgemv; static setn_t setn;
static double *A, *B, *C; static float *a, *b, *c;
static void run(int kind, int m, int n, int k) {
    if (kind == 0) dgemm(101, 111, 111, m, n, k, 1, A, k, B, n, 0, C, n);
    else if (kind == 1) sgemm(101, 111, 111, m, n, k, 1, a, k, b, n, 0, c, n);
    else dgemv(101, 111, m, k, 1, A, k, B, 1, 0, C, 1);
}
int main(int argc, char **argv) {
    void *h = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!h) { fprintf(stderr, "%s\n", dlerror()); return 1; }
    dgemm = (dgemm_t)dlsym(h, "cblas_dgemm"); sgemm = (sgemm_t)dlsym(h, "cblas_sgemm"); dgemv = (dgemv_t)dlsym(h, "cblas_dgemv");
    setn = (setn_t)dlsym(h, "openblas_set_num_threads"); name_t core = (name_t)dlsym(h, "openblas_get_corename");
    printf("core %s\n", core());
    int reps = argc > 1 ? atoi(argv[1]) : 21;
    if (reps < 1 || reps > 256) reps = 21;
    size_t N = 1024 * 1024;
    A = malloc(N * 8); B = malloc(N * 8); C = malloc(N * 8); a = malloc(N * 4); b = malloc(N * 4); c = malloc(N * 4);
    for (size_t i = 0; i < N; i++) { A[i] = B[i] = a[i] = b[i] = (i % 7) * 0.1; }
    // kind (0 dgemm, 1 sgemm, 2 dgemv, row-major, no transpose), m, n, k
    int cases[][4] = {
        {0,8,8,8},{0,16,16,16},{0,32,32,32},{0,64,64,64},{0,96,96,96},{0,112,112,112},{0,128,128,128},{0,160,160,160},{0,192,192,192},{0,256,256,256},{0,384,384,384},{0,512,512,512},
        {1,8,8,8},{1,16,16,16},{1,32,32,32},{1,64,64,64},{1,96,96,96},{1,112,112,112},{1,128,128,128},{1,160,160,160},{1,192,192,192},{1,256,256,256},{1,384,384,384},{1,512,512,512},
        {0,256,10,512},{0,256,512,10},{0,512,10,256},{0,100,100,100},{0,256,512,512},{0,512,512,256},
        {2,64,1,64},{2,100,1,100},{2,128,1,128},{2,256,1,256},{2,512,1,512},{2,1024,1,1024},{2,2048,1,2048},
    };
    int ncases = sizeof cases / sizeof *cases;
    printf("%-5s %5s %5s %5s %10s %11s %11s %6s %11s %11s %6s\n", "kind", "m", "n", "k", "m*n*k", "med 1thr", "med 2thr", "2/1", "min 1thr", "min 2thr", "2/1");
    for (int ci = 0; ci < ncases; ci++) {
        int kind = cases[ci][0], m = cases[ci][1], n = cases[ci][2], k = cases[ci][3];
        double work = (double)m * n * k; int inner = work > 4e6 ? 1 : (int)(4e6 / work) + 1;
        double t[2][256];
        for (int r = 0; r < reps; r++) for (int thr = 0; thr < 2; thr++) {
            setn(thr + 1); run(kind, m, n, k);
            double s = now();
            for (int i = 0; i < inner; i++) run(kind, m, n, k);
            t[thr][r] = (now() - s) / inner * 1e6;
        }
        qsort(t[0], reps, sizeof(double), cmp); qsort(t[1], reps, sizeof(double), cmp);
        double t1 = t[0][reps / 2], t2 = t[1][reps / 2], b1 = t[0][0], b2 = t[1][0];
        printf("%-5s %5d %5d %5d %10.0f %11.2f %11.2f %6.2f %11.2f %11.2f %6.2f\n", kind == 0 ? "dgemm" : kind == 1 ? "sgemm" : "dgemv", m, n, k, work, t1, t2, t2 / t1, b1, b2, b2 / b1);
    }
    double s0 = now();
    for (int i = 0; i < 1000000; i++) { setn(1); setn(2); }
    printf("openblas_set_num_threads(1) then (2): %.1f ns per pair\n", (now() - s0) * 1e3);
    return 0;
}
