// The release's version and git commit, compiled in by `make release`
// (-Xcc -DLUCID_VERSION=... -Xcc -DLUCID_COMMIT=...). A C target because a C macro is the one way
// SwiftPM lets a build command put a string into the binary without generating sources.
#ifndef LUCID_BUILD_H
#define LUCID_BUILD_H

const char *lucid_build_version(void);
const char *lucid_build_commit(void);

#endif
