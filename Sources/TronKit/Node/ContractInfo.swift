import LucidJSON

/// `getcontract`: a deployed contract's name and ABI entries.
public struct ContractInfo: Sendable, Equatable {
    /// One ABI entry (function or event).
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var type: String
        public var stateMutability: String?
    }

    public var contractAddress: TronAddress
    public var name: String
    public var entries: [Entry]

    /// Parses java-tron's JSON; nil for `{}` (no contract at that address).
    public init?(json: JSONValue) throws(TronKitError) {
        guard let address = try json.addressField("contract_address") else {
            if json.isEmptyObject { return nil }
            throw .invalidJSON("contract without contract_address")
        }
        contractAddress = address
        name = try json.stringField("name") ?? ""
        entries = try (json["abi"] ?? .object([])).arrayField("entrys").map { e throws(TronKitError) in
            Entry(
                name: try e.stringField("name") ?? "", type: try e.stringField("type") ?? "Function",
                stateMutability: try e.stringField("stateMutability"))
        }
    }
}
