import CSecp256k1

/// Thin, safe wrappers over libsecp256k1 (Bitcoin Core's library): recoverable ECDSA with RFC 6979
/// nonces and low-s, public-key recovery and verification.
public enum Secp256k1 {
    /// One randomised, immutable context shared by every call (thread-safe for these functions).
    nonisolated(unsafe) static let context: OpaquePointer = {
        let ctx = secp256k1_context_create(csecp_context_none)!
        var seed = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in seed.indices { seed[i] = UInt8.random(in: 0...255, using: &rng) }
        _ = secp256k1_context_randomize(ctx, seed)
        return ctx
    }()

    static func serialize(_ pub: secp256k1_pubkey) -> [UInt8] {
        var pub = pub
        var out = [UInt8](repeating: 0, count: 65)
        var len = 65
        _ = secp256k1_ec_pubkey_serialize(context, &out, &len, &pub, csecp_ec_uncompressed)
        return out
    }

    static func sign(digest: [UInt8], secret: UnsafePointer<UInt8>) throws(TronKitError) -> RecoverableSignature {
        guard digest.count == 32 else { throw .invalidSignature("the digest to sign must be 32 bytes") }
        var sig = secp256k1_ecdsa_recoverable_signature()
        // A nil nonce function selects the default, RFC 6979 with HMAC-SHA256; output is low-s.
        guard secp256k1_ecdsa_sign_recoverable(context, &sig, digest, secret, nil, nil) == 1 else {
            throw .invalidSignature("signing failed")
        }
        var compact = [UInt8](repeating: 0, count: 64)
        var recid: Int32 = 0
        _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(context, &compact, &recid, &sig)
        return try RecoverableSignature(compact: compact, recoveryID: UInt8(recid))
    }

    /// Recovers the 65-byte uncompressed public key from a signature over `digest`.
    public static func recover(signature: RecoverableSignature, digest: [UInt8]) throws(TronKitError) -> [UInt8] {
        guard digest.count == 32 else { throw .invalidSignature("the signed digest must be 32 bytes") }
        var sig = secp256k1_ecdsa_recoverable_signature()
        guard
            secp256k1_ecdsa_recoverable_signature_parse_compact(
                context, &sig, signature.compact, Int32(signature.recoveryID)) == 1
        else { throw .invalidSignature("sig error") }
        var pub = secp256k1_pubkey()
        guard secp256k1_ecdsa_recover(context, &pub, &sig, digest) == 1 else {
            throw .invalidSignature("sig error")
        }
        return serialize(pub)
    }

    /// Verifies a signature over `digest` against a public key (33 or 65 bytes); high-s is rejected.
    public static func verify(signature: RecoverableSignature, digest: [UInt8], publicKey: [UInt8]) -> Bool {
        guard digest.count == 32 else { return false }
        var pub = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(context, &pub, publicKey, publicKey.count) == 1 else { return false }
        var sig = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_signature_parse_compact(context, &sig, signature.compact) == 1 else { return false }
        return secp256k1_ecdsa_verify(context, &sig, digest, &pub) == 1
    }
}
