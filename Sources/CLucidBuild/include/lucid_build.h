// The release's version and git commit, compiled in by `make release`
// (lucid_build.c includes the lucid_release.h it writes). A C target because a C header is the one way
// SwiftPM lets a build put a string into the binary without generating Swift sources.
#ifndef LUCID_BUILD_H
#define LUCID_BUILD_H

const char *lucid_build_version(void);
const char *lucid_build_commit(void);

#endif
