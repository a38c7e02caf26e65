import BigInt
import Foundation

/// 32-byte ABI words: addresses (12 zero bytes ‖ 20 bytes) and uint256 (big-endian).
public enum ABIWord {
    /// The largest uint256.
    public static let maxUInt256 = (BigUInt(1) << 256) - 1

    /// Encodes an address as 12 zero bytes followed by its 20 EVM bytes (never the 0x41 prefix).
    public static func address(_ a: TronAddress) -> [UInt8] { [UInt8](repeating: 0, count: 12) + a.evm20 }

    /// Encodes a uint256; throws when the value does not fit in 256 bits.
    public static func uint256(_ v: BigUInt) throws(TronKitError) -> [UInt8] {
        guard v <= maxUInt256 else { throw .invalidABI("value exceeds uint256") }
        let b = Array(v.serialize())
        return [UInt8](repeating: 0, count: 32 - b.count) + b
    }

    /// Encodes a UInt64 as a uint256 word.
    public static func uint256(_ v: UInt64) -> [UInt8] {
        (0..<32).map { i in i < 24 ? 0 : UInt8(truncatingIfNeeded: v >> (8 * UInt64(31 - i))) }
    }

    /// Decodes a 32-byte word as uint256.
    public static func decodeUInt256(_ word: ArraySlice<UInt8>) throws(TronKitError) -> BigUInt {
        guard word.count == 32 else { throw .invalidABI("a word is 32 bytes, got \(word.count)") }
        return BigUInt(Data(word))
    }

    /// Decodes an address word: the low 160 bits. `dirty` reports non-zero high bytes (some mainnet
    /// wallets put 0x41 in byte 11; USDT, compiled with Solidity 0.4, accepts that).
    public static func decodeAddress(_ word: ArraySlice<UInt8>) throws(TronKitError) -> (
        address: TronAddress, dirty: Bool
    ) {
        guard word.count == 32 else { throw .invalidABI("a word is 32 bytes, got \(word.count)") }
        let high = word.prefix(12)
        return (try TronAddress(evm20: Array(word.suffix(20))), high.contains { $0 != 0 })
    }
}
