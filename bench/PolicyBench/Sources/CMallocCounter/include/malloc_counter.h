#include <stdint.h>
/// Number of malloc/calloc/realloc calls so far in this process.
uint64_t malloc_counter_calls(void);
/// Nanoseconds from CLOCK_MONOTONIC.
uint64_t monotonic_ns(void);
