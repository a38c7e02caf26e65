/// A 32-byte TRON block id: the height in the first 8 bytes, a header hash in the rest.
///
/// ```swift
/// let id = try BlockID(hex: "0000000004b3532c6df5cbe21b620085390a965c6f9820def9398fdf4ade62bc")
/// Hex.encode(id.refBlockBytes) // "532c"
/// Hex.encode(id.refBlockHash)  // "6df5cbe21b620085"
/// ```
public struct BlockID: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Parses 64 hex digits.
    public init(hex: String) throws(TronKitError) {
        let b: [UInt8]
        do { b = try Hex.decode(hex) } catch { throw .invalidHex("block id: \(error.reason)") }
        guard b.count == 32 else { throw .invalidHex("a block id is 32 bytes, got \(b.count)") }
        bytes = b
    }

    /// Builds the id of block `number` whose header raw hashes to `headerHash`.
    public init(number: Int64, headerHash: [UInt8]) {
        var be = [UInt8](repeating: 0, count: 8)
        for i in 0..<8 { be[i] = UInt8(truncatingIfNeeded: UInt64(bitPattern: number) >> (8 * UInt64(7 - i))) }
        bytes = be + headerHash.suffix(24)
    }

    /// The block height encoded in the id.
    public var number: Int64 { Int64(bitPattern: bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }) }

    /// TAPOS `ref_block_bytes`: id bytes 6..<8.
    public var refBlockBytes: [UInt8] { Array(bytes[6..<8]) }

    /// TAPOS `ref_block_hash`: id bytes 8..<16.
    public var refBlockHash: [UInt8] { Array(bytes[8..<16]) }

    public var hex: String { Hex.encode(bytes) }
    public var description: String { hex }
}
