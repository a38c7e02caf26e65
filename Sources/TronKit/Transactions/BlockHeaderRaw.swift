/// `BlockHeader.raw`: the fields a block id and a witness signature are computed over.
public struct BlockHeaderRaw: ProtobufMessage, Equatable {
    public var timestamp: Int64
    public var txTrieRoot: [UInt8]
    public var parentHash: [UInt8]
    public var number: Int64
    public var witnessID: Int64 = 0
    public var witnessAddress: [UInt8]
    public var version: Int32
    public var accountStateRoot: [UInt8] = []

    public init(
        timestamp: Int64, txTrieRoot: [UInt8], parentHash: [UInt8], number: Int64, witnessAddress: [UInt8],
        version: Int32
    ) {
        self.timestamp = timestamp
        self.txTrieRoot = txTrieRoot
        self.parentHash = parentHash
        self.number = number
        self.witnessAddress = witnessAddress
        self.version = version
    }

    public init(protobuf: [UInt8]) throws(TronKitError) {
        self.init(timestamp: 0, txTrieRoot: [], parentHash: [], number: 0, witnessAddress: [], version: 0)
        try ProtobufReader.forEachField(protobuf) { field, v throws(TronKitError) in
            switch field {
            case 1: timestamp = try v.requireInt64("timestamp")
            case 2: txTrieRoot = try v.requireBytes("txTrieRoot")
            case 3: parentHash = try v.requireBytes("parentHash")
            case 7: number = try v.requireInt64("number")
            case 8: witnessID = try v.requireInt64("witness_id")
            case 9: witnessAddress = try v.requireBytes("witness_address")
            case 10: version = Int32(truncatingIfNeeded: try v.requireInt64("version"))
            case 11: accountStateRoot = try v.requireBytes("accountStateRoot")
            default: break
            }
        }
    }

    public var protobuf: [UInt8] {
        var w = ProtobufWriter()
        w.int64(1, timestamp)
        w.bytes(2, txTrieRoot)
        w.bytes(3, parentHash)
        w.int64(7, number)
        w.int64(8, witnessID)
        w.bytes(9, witnessAddress)
        w.int64(10, Int64(version))
        w.bytes(11, accountStateRoot)
        return w.bytes
    }

    /// The block id: BE64(number) ‖ SHA-256(raw)[8..<32].
    public var blockID: BlockID { BlockID(number: number, headerHash: SHA256Digest.hash(protobuf)) }
}
