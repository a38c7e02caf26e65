/// A TRON account or contract address: 21 bytes, `0x41` followed by 20 bytes.
///
/// Parsing checks everything tronpy forgets: the decoded length, the Base58Check checksum and the
/// `0x41` prefix.
///
/// ```swift
/// let usdt = try TronAddress("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")
/// usdt.hex    // "41a614f803b6fd780986a42c78ec9c7f77e6ded13c"
/// usdt.base58 // "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
/// ```
public struct TronAddress: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The mainnet address prefix byte.
    public static let prefix: UInt8 = 0x41

    /// The 21 raw bytes (`0x41` ‖ 20 bytes).
    public let bytes: [UInt8]

    /// The all-zero address `T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb`.
    public static let zero = TronAddress(unchecked: [prefix] + [UInt8](repeating: 0, count: 20))

    /// The USDT-TRC20 contract on mainnet (the devnet deploys its token at the same address).
    public static let usdtMainnet = TronAddress(
        unchecked: try! Hex.decode("41a614f803b6fd780986a42c78ec9c7f77e6ded13c"))

    private init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// Parses Base58Check (`T…`, 34 characters) or hex (`41…`, 42 digits, optional `0x`).
    public init(_ text: String) throws(TronKitError) {
        guard !text.isEmpty else { throw .invalidAddress("empty address") }
        if text.hasPrefix("T") || !text.allSatisfy(\.isHexDigit) {
            try self.init(base58: text)
        } else {
            try self.init(hex: text)
        }
    }

    /// Parses a Base58Check address, checking length, checksum and prefix.
    public init(base58 text: String) throws(TronKitError) {
        let raw: [UInt8]
        do { raw = try Base58.decode(text) } catch { throw .invalidAddress(error.reason) }
        guard raw.count == 25 else { throw .invalidAddress("decoded length \(raw.count) != 25") }
        let payload = Array(raw.prefix(21))
        guard Array(raw.suffix(4)) == Array(SHA256Digest.doubleHash(payload).prefix(4)) else {
            throw .invalidAddress("bad checksum")
        }
        try self.init(bytes: payload)
    }

    /// Parses a 42-digit hex address starting with `41`.
    public init(hex text: String) throws(TronKitError) {
        let raw: [UInt8]
        do { raw = try Hex.decode(text) } catch { throw .invalidAddress(error.reason) }
        try self.init(bytes: raw)
    }

    /// Wraps 21 raw bytes, checking the length and prefix.
    public init(bytes: [UInt8]) throws(TronKitError) {
        guard bytes.count == 21 else { throw .invalidAddress("length \(bytes.count) != 21 bytes") }
        guard bytes[0] == Self.prefix else {
            throw .invalidAddress("prefix 0x\(Hex.encode([bytes[0]])) != 0x41")
        }
        self.bytes = bytes
    }

    /// Wraps the 20-byte form used in EVM words and log addresses.
    public init(evm20 bytes: [UInt8]) throws(TronKitError) {
        guard bytes.count == 20 else { throw .invalidAddress("length \(bytes.count) != 20 bytes") }
        self.bytes = [Self.prefix] + bytes
    }

    /// Derives the address of a 65-byte uncompressed (`04`‖x‖y) or 64-byte (x‖y) public key.
    public init(publicKey: [UInt8]) throws(TronKitError) {
        let xy: [UInt8]
        switch publicKey.count {
        case 65 where publicKey[0] == 0x04: xy = Array(publicKey.dropFirst())
        case 64: xy = publicKey
        default: throw .invalidAddress("public key must be 65 bytes (04‖x‖y) or 64 bytes")
        }
        self.bytes = [Self.prefix] + Keccak256.hash(xy).suffix(20)
    }

    /// The 20 bytes without the prefix, as the EVM sees the address.
    public var evm20: [UInt8] { Array(bytes.dropFirst()) }

    /// Lower-case hex, `41…`.
    public var hex: String { Hex.encode(bytes) }

    /// Base58Check, `T…`.
    public var base58: String { Base58.checkEncode(bytes) }

    public var description: String { base58 }

    public static func < (lhs: TronAddress, rhs: TronAddress) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    /// Whether `text` is a valid address; `reason` explains a rejection.
    public static func validate(_ text: String) -> (valid: Bool, reason: String?) {
        do {
            _ = try TronAddress(text)
            return (true, nil)
        } catch {
            return (false, error.reason)
        }
    }
}
