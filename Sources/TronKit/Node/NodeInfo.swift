import LucidJSON

/// What `getnodeinfo` says about the chain heads: the latest and the solidified block.
public struct NodeInfo: Sendable, Equatable {
    public var headNumber: Int64
    public var headID: BlockID
    public var solidNumber: Int64
    public var solidID: BlockID

    public init(headNumber: Int64, headID: BlockID, solidNumber: Int64, solidID: BlockID) {
        self.headNumber = headNumber
        self.headID = headID
        self.solidNumber = solidNumber
        self.solidID = solidID
    }

    /// Parses java-tron's `"block": "Num:<n>,ID:<hex>"` and `"solidityBlock"` strings.
    public init(json: JSONValue) throws(TronKitError) {
        (headNumber, headID) = try Self.parseRef(try json.stringField("block"), "block")
        (solidNumber, solidID) = try Self.parseRef(try json.stringField("solidityBlock"), "solidityBlock")
    }

    /// `Num:<n>,ID:<hex>` as java-tron writes it.
    public static func formatRef(number: Int64, id: BlockID) -> String { "Num:\(number),ID:\(id.hex)" }

    static func parseRef(_ text: String?, _ key: String) throws(TronKitError) -> (Int64, BlockID) {
        guard let text, text.hasPrefix("Num:"), let comma = text.firstIndex(of: ",") else {
            throw .invalidJSON("\(key) must look like Num:<n>,ID:<hex>")
        }
        let num = text[text.index(text.startIndex, offsetBy: 4)..<comma]
        let rest = text[text.index(after: comma)...]
        guard let n = Int64(num), rest.hasPrefix("ID:") else {
            throw .invalidJSON("\(key) must look like Num:<n>,ID:<hex>")
        }
        return (n, try BlockID(hex: String(rest.dropFirst(3))))
    }
}
