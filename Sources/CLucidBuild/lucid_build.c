#include "lucid_build.h"

#ifndef LUCID_VERSION
#define LUCID_VERSION "development"
#endif
#ifndef LUCID_COMMIT
#define LUCID_COMMIT "unknown"
#endif

const char *lucid_build_version(void) { return LUCID_VERSION; }
const char *lucid_build_commit(void) { return LUCID_COMMIT; }
