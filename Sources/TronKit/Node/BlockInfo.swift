import LucidJSON

/// A block as `getnowblock` / `getblockbynum` return it: id, header fields and transaction ids.
public struct BlockInfo: Sendable, Equatable {
    public var id: BlockID
    public var number: Int64
    /// Block time in ms.
    public var timestamp: Int64
    public var parentHash: [UInt8]
    public var witnessAddress: TronAddress?
    public var transactionIDs: [String]

    /// Parses java-tron's JSON; nil for `{}` (no such block).
    public init?(json: JSONValue) throws(TronKitError) {
        guard let idText = try json.stringField("blockID") else {
            if json.isEmptyObject { return nil }
            throw .invalidJSON("block without blockID")
        }
        id = try BlockID(hex: idText)
        guard let raw = json["block_header"]?["raw_data"] else {
            throw .invalidJSON("block without block_header.raw_data")
        }
        number = try raw.int64Field("number")
        timestamp = try raw.int64Field("timestamp")
        parentHash = try raw.hexField("parentHash")
        witnessAddress = try raw.addressField("witness_address")
        transactionIDs = try json.arrayField("transactions").map { t throws(TronKitError) in
            guard let id = try t.stringField("txID") else { throw .invalidJSON("block transaction without txID") }
            return id
        }
    }
}
