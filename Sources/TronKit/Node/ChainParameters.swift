import LucidJSON

/// `getchainparameters`: the network's fee schedule and limits, by java-tron key name.
public struct ChainParameters: Sendable, Equatable {
    public var values: [String: Int64]

    public init(values: [String: Int64]) { self.values = values }

    /// Parses `{"chainParameter":[{"key":…,"value":…}]}` (an absent value means 0).
    public init(json: JSONValue) throws(TronKitError) {
        var values = [String: Int64]()
        for entry in try json.arrayField("chainParameter") {
            guard let key = try entry.stringField("key") else { throw .invalidJSON("chain parameter without key") }
            values[key] = try entry.int64Field("value")
        }
        self.values = values
    }

    /// java-tron's JSON.
    public var json: JSONValue {
        .object([
            (
                "chainParameter",
                .array(
                    values.sorted { $0.key < $1.key }.map { k, v in
                        var m: [(String, JSONValue)] = [("key", .string(k))]
                        m.appendNonZero("value", v)
                        return .object(m)
                    })
            )
        ])
    }

    /// Sun per energy unit (`getEnergyFee`).
    public var energyFee: Int64? { values["getEnergyFee"] }
    /// Sun per bandwidth byte (`getTransactionFee`).
    public var transactionFee: Int64? { values["getTransactionFee"] }
    /// The fee_limit ceiling (`getMaxFeeLimit`).
    public var maxFeeLimit: Int64? { values["getMaxFeeLimit"] }
}
