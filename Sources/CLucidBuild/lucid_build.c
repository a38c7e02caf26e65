#include "lucid_build.h"

// `make release` writes lucid_release.h (LUCID_VERSION, LUCID_COMMIT) into a directory it puts on
// the include path; a development build has none.
#if __has_include("lucid_release.h")
#include "lucid_release.h"
#endif
#ifndef LUCID_VERSION
#define LUCID_VERSION "development"
#endif
#ifndef LUCID_COMMIT
#define LUCID_COMMIT "unknown"
#endif

const char *lucid_build_version(void) { return LUCID_VERSION; }
const char *lucid_build_commit(void) { return LUCID_COMMIT; }
