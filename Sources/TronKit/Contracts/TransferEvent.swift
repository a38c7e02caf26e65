import BigInt

/// The TRC-20 `Transfer(address indexed from, address indexed to, uint256 value)` event log.
public struct TransferEvent: Sendable, Equatable {
    /// Keccak-256 of `Transfer(address,address,uint256)`.
    public static let topic: [UInt8] = try! Hex.decode(
        "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")

    public var from: TronAddress
    public var to: TronAddress
    public var value: BigUInt

    public init(from: TronAddress, to: TronAddress, value: BigUInt) {
        self.from = from
        self.to = to
        self.value = value
    }

    /// Decodes a log's topics and data; throws when it is not a Transfer event.
    public init(topics: [[UInt8]], data: [UInt8]) throws(TronKitError) {
        guard topics.count == 3, topics[0] == Self.topic else { throw .invalidABI("not a Transfer event") }
        guard data.count == 32 else { throw .invalidABI("Transfer data must be one 32-byte word") }
        from = try ABIWord.decodeAddress(topics[1][...]).address
        to = try ABIWord.decodeAddress(topics[2][...]).address
        value = try ABIWord.decodeUInt256(data[...])
    }

    /// The log topics: signature, from, to.
    public var topics: [[UInt8]] { [Self.topic, ABIWord.address(from), ABIWord.address(to)] }

    /// The log data: the value word.
    public var data: [UInt8] { (try? ABIWord.uint256(value)) ?? [UInt8](repeating: 0xff, count: 32) }
}
