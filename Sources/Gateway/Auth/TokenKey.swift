import NIOCore

/// A bearer token as the verified-token cache's key, made from the request's bytes without a copy.
/// It hashes only the token's length and last 16 bytes — the signature's, which tokens do not share
/// by chance — and compares the whole token, so a lookup costs one short hash and one `memcmp`
/// instead of SipHash over a few hundred bytes. Keys kept in the cache are made from the verified
/// token's text, so they own their bytes, never a slice of a request's buffer.
///
///     verifier.cached(TokenKey(slice))
struct TokenKey: Hashable, Sendable {
    let bytes: ByteBuffer

    init(_ bytes: ByteBuffer) { self.bytes = bytes }

    init(_ token: String) { self.bytes = ByteBuffer(string: token) }

    var text: String { String(buffer: bytes) }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeReadableBytes { p in
            hasher.combine(p.count)
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: p[max(0, p.count - 16)...]))
        }
    }

    static func == (a: TokenKey, b: TokenKey) -> Bool { a.bytes == b.bytes }
}
