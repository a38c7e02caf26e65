import LucidJSON

/// The execution record of an included transaction (`gettransactioninfobyid`): fee, block,
/// receipt, logs. `walletsolidity` returns it only once the block is solidified.
public struct TransactionInfo: Sendable, Equatable {
    /// `ResourceReceipt`: energy and bandwidth used and paid for, and the contract result.
    public struct Receipt: Sendable, Equatable {
        public var energyUsage: Int64 = 0
        /// Sun burned for energy.
        public var energyFee: Int64 = 0
        public var originEnergyUsage: Int64 = 0
        public var energyUsageTotal: Int64 = 0
        public var netUsage: Int64 = 0
        /// Sun burned for bandwidth.
        public var netFee: Int64 = 0
        /// The `contractResult` name (`SUCCESS`, `REVERT`, `OUT_OF_ENERGY`, …); nil for DEFAULT.
        public var result: String?
        public var energyPenaltyTotal: Int64 = 0

        public init() {}
    }

    /// An event log; `address` is the emitting contract.
    public struct Log: Sendable, Equatable {
        public var address: TronAddress
        public var topics: [[UInt8]]
        public var data: [UInt8]

        public init(address: TronAddress, topics: [[UInt8]], data: [UInt8]) {
            self.address = address
            self.topics = topics
            self.data = data
        }
    }

    public var id: String
    /// Total sun burned (energy + bandwidth + other fees).
    public var fee: Int64 = 0
    public var blockNumber: Int64 = 0
    public var blockTimeStamp: Int64 = 0
    public var contractResult: [[UInt8]] = []
    public var contractAddress: TronAddress?
    public var receipt = Receipt()
    public var logs: [Log] = []
    /// True when java-tron reports the top-level `result: "FAILED"`.
    public var failed = false
    /// The failure message (`resMessage`), decoded.
    public var resMessage: String?
    /// Voting rewards a `WithdrawBalanceContract` moved to the balance (`withdraw_amount`), in sun.
    public var withdrawAmount: Int64 = 0
    /// Expired unstaked TRX moved to the balance (`withdraw_expire_amount`), in sun: by
    /// `WithdrawExpireUnfreeze`, and by `UnfreezeBalanceV2`/`CancelAllUnfreezeV2` on the way.
    public var withdrawExpireAmount: Int64 = 0
    /// Pending unfreezes a `CancelAllUnfreezeV2Contract` staked again, by resource (`cancel_unfreezeV2_amount`).
    public var cancelUnfreezeV2Amount: [ResourceCode: Int64] = [:]

    public init(id: String) { self.id = id }

    /// True when the contract ran to success (`receipt.result == SUCCESS` and not FAILED).
    public var succeeded: Bool { receipt.result == "SUCCESS" && !failed }

    /// Parses java-tron's JSON (either `visible` form); nil for `{}` (pending or unknown).
    public init?(json: JSONValue) throws(TronKitError) {
        guard json.object != nil else { throw .invalidJSON("transaction info must be an object") }
        guard let id = try json.stringField("id") else {
            if json.isEmptyObject { return nil }
            throw .invalidJSON("transaction info without id")
        }
        self.id = id
        fee = try json.int64Field("fee")
        blockNumber = try json.int64Field("blockNumber")
        blockTimeStamp = try json.int64Field("blockTimeStamp")
        contractResult = try json.hexListField("contractResult")
        contractAddress = try json.addressField("contract_address")
        if let r = json["receipt"] {
            receipt.energyUsage = try r.int64Field("energy_usage")
            receipt.energyFee = try r.int64Field("energy_fee")
            receipt.originEnergyUsage = try r.int64Field("origin_energy_usage")
            receipt.energyUsageTotal = try r.int64Field("energy_usage_total")
            receipt.netUsage = try r.int64Field("net_usage")
            receipt.netFee = try r.int64Field("net_fee")
            receipt.result = try r.stringField("result")
            receipt.energyPenaltyTotal = try r.int64Field("energy_penalty_total")
        }
        logs = try json.arrayField("log").map { l throws(TronKitError) in
            guard let a = try l.stringField("address") else { throw .invalidJSON("log without address") }
            let address: TronAddress
            do throws(TronKitError) {
                address = a.count == 40 ? try TronAddress(evm20: try Hex.decode(a)) : try TronAddress(a)
            } catch { throw .invalidJSON("log address: \(error.reason)") }
            return Log(address: address, topics: try l.hexListField("topics"), data: try l.hexField("data"))
        }
        failed = try json.stringField("result") == "FAILED"
        resMessage = json.messageField("resMessage")
        withdrawAmount = try json.int64Field("withdraw_amount")
        withdrawExpireAmount = try json.int64Field("withdraw_expire_amount")
        for entry in try json.arrayField("cancel_unfreezeV2_amount") {
            guard let key = try entry.stringField("key"), let r = ResourceCode(name: key) else {
                throw .invalidJSON("cancel_unfreezeV2_amount: unknown resource")
            }
            cancelUnfreezeV2Amount[r] = try entry.int64Field("value")
        }
    }

    /// java-tron's JSON, defaults omitted; `visible` selects Base58 addresses and a text resMessage.
    public func json(visible: Bool) -> JSONValue {
        var m: [(String, JSONValue)] = [("id", .string(id))]
        m.appendNonZero("fee", fee)
        m.appendNonZero("blockNumber", blockNumber)
        m.appendNonZero("blockTimeStamp", blockTimeStamp)
        if !contractResult.isEmpty {
            m.append(("contractResult", .array(contractResult.map { .string(Hex.encode($0)) })))
        }
        if let contractAddress {
            m.append(("contract_address", TransactionJSON.address(contractAddress, visible: visible)))
        }
        var r: [(String, JSONValue)] = []
        r.appendNonZero("energy_usage", receipt.energyUsage)
        r.appendNonZero("energy_fee", receipt.energyFee)
        r.appendNonZero("origin_energy_usage", receipt.originEnergyUsage)
        r.appendNonZero("energy_usage_total", receipt.energyUsageTotal)
        r.appendNonZero("net_usage", receipt.netUsage)
        r.appendNonZero("net_fee", receipt.netFee)
        if let result = receipt.result { r.append(("result", .string(result))) }
        r.appendNonZero("energy_penalty_total", receipt.energyPenaltyTotal)
        m.append(("receipt", .object(r)))
        if !logs.isEmpty {
            m.append(
                (
                    "log",
                    .array(
                        logs.map { l in
                            .object([
                                ("address", .string(visible ? l.address.base58 : Hex.encode(l.address.evm20))),
                                ("topics", .array(l.topics.map { .string(Hex.encode($0)) })),
                                ("data", .string(Hex.encode(l.data))),
                            ])
                        })
                ))
        }
        if failed { m.append(("result", .string("FAILED"))) }
        m.appendNonZero("withdraw_amount", withdrawAmount)
        m.appendNonZero("withdraw_expire_amount", withdrawExpireAmount)
        if !cancelUnfreezeV2Amount.isEmpty {
            let entries = ResourceCode.allCases.compactMap { r -> JSONValue? in
                cancelUnfreezeV2Amount[r].map { .object([("key", .string(r.name)), ("value", .int($0))]) }
            }
            m.append(("cancel_unfreezeV2_amount", .array(entries)))
        }
        if let resMessage {
            m.append(("resMessage", .string(visible ? resMessage : Hex.encode(Array(resMessage.utf8)))))
        }
        return .object(m)
    }

    /// The TRC-20 Transfer events emitted by `contract`.
    public func transferEvents(contract: TronAddress) -> [TransferEvent] {
        logs.filter { $0.address == contract }.compactMap { try? TransferEvent(topics: $0.topics, data: $0.data) }
    }
}
