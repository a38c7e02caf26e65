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
    /// Days an unstake waits before it can be withdrawn (`getUnfreezeDelayDays`, 14 on mainnet).
    public var unfreezeDelayDays: Int64? { values["getUnfreezeDelayDays"] }
    /// Energy the whole network regenerates a day, shared by stake weight (`getTotalEnergyCurrentLimit`).
    public var totalEnergyLimit: Int64? { values["getTotalEnergyCurrentLimit"] ?? values["getTotalEnergyLimit"] }
    /// Sun burned to activate an account by a system contract (`getCreateNewAccountFeeInSystemContract`).
    public var createNewAccountFee: Int64? { values["getCreateNewAccountFeeInSystemContract"] }
    /// Sun burned for an account-creating transaction's bandwidth (`getCreateAccountFee`).
    public var createAccountFee: Int64? { values["getCreateAccountFee"] }
    /// Free bandwidth per account per day (`getFreeNetLimit`).
    public var freeNetLimit: Int64? { values["getFreeNetLimit"] }
}
