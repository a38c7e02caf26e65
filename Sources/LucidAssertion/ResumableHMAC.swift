import Crypto

/// HMAC-SHA256 (RFC 2104) held as its inner and outer SHA-256 states, so that the state after a
/// fixed prefix can be kept and resumed for each request (`AssertionTemplate`). The hashing is
/// swift-crypto's `SHA256`; only the two-state composition is written here, because swift-crypto's
/// `HMAC` is generic and not inlinable, and on the gateway's hot path its `update` cost more than
/// the hashing itself. Tested against swift-crypto's `HMAC<SHA256>`.
///
/// ```swift
/// var mac = ResumableHMAC(key: secret)
/// mac.update(Array("header.claims".utf8))
/// let tag = mac.finalize()  // == HMAC<SHA256>.authenticationCode(for: …, using: SymmetricKey(data: secret))
/// ```
public struct ResumableHMAC: Sendable {
    private var inner = SHA256()
    private var outer = SHA256()

    public init(key: [UInt8]) {
        var block = key.count > SHA256.blockByteCount ? Array(SHA256.hash(data: key)) : key
        block += repeatElement(0, count: SHA256.blockByteCount - block.count)
        inner.update(data: block.map { $0 ^ 0x36 })
        outer.update(data: block.map { $0 ^ 0x5c })
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) { inner.update(bufferPointer: bytes) }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// The tag of everything given so far (the state itself is left as it was).
    public func finalize() -> SHA256Digest {
        var outer = self.outer
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize()
    }
}
