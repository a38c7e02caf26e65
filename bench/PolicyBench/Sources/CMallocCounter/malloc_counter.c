// Counts allocations by interposing malloc & co. in the executable (its symbols win over libc's)
// and forwarding to glibc's internal entry points.
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "malloc_counter.h"

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static uint64_t calls;

void *malloc(size_t n) { __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED); return __libc_malloc(n); }
void *calloc(size_t a, size_t b) { __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED); return __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED); return __libc_realloc(p, n); }

uint64_t malloc_counter_calls(void) { return __atomic_load_n(&calls, __ATOMIC_RELAXED); }

uint64_t monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
