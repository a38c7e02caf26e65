import BigInt

/// The TRC-20 calls a payout system needs: `transfer`, `balanceOf`, `decimals`.
///
/// ```swift
/// let data = try TRC20.transferCall(to: recipient, amount: 1_000_000)  // a9059cbb ‖ to ‖ amount
/// ```
public enum TRC20 {
    /// `transfer(address,uint256)`.
    public static let transferSelector: [UInt8] = [0xa9, 0x05, 0x9c, 0xbb]
    /// `balanceOf(address)`.
    public static let balanceOfSelector: [UInt8] = [0x70, 0xa0, 0x82, 0x31]
    /// `decimals()`.
    public static let decimalsSelector: [UInt8] = [0x31, 0x3c, 0xe5, 0x67]

    /// The selector of a Solidity signature: the first 4 bytes of its Keccak-256.
    public static func selector(_ signature: String) -> [UInt8] {
        Array(Keccak256.hash(Array(signature.utf8)).prefix(4))
    }

    /// Calldata for `transfer(to, amount)`: 68 bytes.
    public static func transferCall(to: TronAddress, amount: BigUInt) throws(TronKitError) -> [UInt8] {
        transferSelector + ABIWord.address(to) + (try ABIWord.uint256(amount))
    }

    /// Calldata for `transfer(to, amount)` with a 64-bit amount (micro-units).
    public static func transferCall(to: TronAddress, amount: UInt64) -> [UInt8] {
        transferSelector + ABIWord.address(to) + ABIWord.uint256(amount)
    }

    /// Calldata for `balanceOf(owner)`.
    public static func balanceOfCall(_ owner: TronAddress) -> [UInt8] { balanceOfSelector + ABIWord.address(owner) }

    /// Calldata for `decimals()`.
    public static let decimalsCall: [UInt8] = decimalsSelector

    /// A decoded `transfer(address,uint256)` call.
    public struct Transfer: Sendable, Equatable {
        public var to: TronAddress
        public var amount: BigUInt
        /// True when the address word had non-zero high bytes (accepted, as USDT does).
        public var dirtyAddressWord: Bool
    }

    /// Decodes `transfer` calldata; throws for another selector or a wrong length.
    public static func decodeTransfer(_ data: [UInt8]) throws(TronKitError) -> Transfer {
        guard data.count == 68, Array(data.prefix(4)) == transferSelector else {
            throw .invalidABI("not transfer(address,uint256) calldata (\(data.count) bytes)")
        }
        let (to, dirty) = try ABIWord.decodeAddress(data[4..<36])
        return Transfer(to: to, amount: try ABIWord.decodeUInt256(data[36..<68]), dirtyAddressWord: dirty)
    }

    /// Decodes the argument of `balanceOf(address)` calldata.
    public static func decodeBalanceOf(_ data: [UInt8]) throws(TronKitError) -> TronAddress {
        guard data.count == 36, Array(data.prefix(4)) == balanceOfSelector else {
            throw .invalidABI("not balanceOf(address) calldata (\(data.count) bytes)")
        }
        return try ABIWord.decodeAddress(data[4..<36]).address
    }
}
