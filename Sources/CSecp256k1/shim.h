#include <secp256k1.h>
#include <secp256k1_recovery.h>

// Composite macros are not imported into Swift; re-export the ones TronKit uses.
static const unsigned int csecp_context_none = SECP256K1_CONTEXT_NONE;
static const unsigned int csecp_ec_uncompressed = SECP256K1_EC_UNCOMPRESSED;
