import LucidJSON

/// java-tron's JSON form of transactions (`JsonFormat` + `Util.printCreateTransaction`).
///
/// With `visible == false` bytes are hex and addresses are `41…` hex; with `visible == true`
/// addresses are Base58Check. Parsing accepts either address form and ignores the client's
/// `txID` and `raw_data_hex`, exactly as java-tron rebuilds `raw` from `raw_data`.
public enum TransactionJSON {
    // MARK: Printing

    /// The full transaction object: `visible`, `txID`, `raw_data`, `raw_data_hex`, `signature`, and
    /// `ret` when a contract result is given.
    public static func print(_ tx: Transaction, visible: Bool, contractRet: String? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let contractRet {
            members.append(("ret", .array([.object([("contractRet", .string(contractRet))])])))
        }
        if !tx.signatures.isEmpty {
            members.append(("signature", .array(tx.signatures.map { .string(Hex.encode($0)) })))
        }
        members += [
            ("txID", .string(tx.txIDHex)),
            ("raw_data", rawData(tx.raw, visible: visible)),
            ("raw_data_hex", .string(Hex.encode(tx.rawBytes))),
        ]
        if visible { members.insert(("visible", .bool(true)), at: 0) }
        return .object(members)
    }

    /// The `raw_data` object.
    public static func rawData(_ raw: TransactionRaw, visible: Bool) -> JSONValue {
        var m: [(String, JSONValue)] = [("contract", .array(raw.contracts.map { contract($0, visible: visible) }))]
        if !raw.refBlockBytes.isEmpty { m.append(("ref_block_bytes", .string(Hex.encode(raw.refBlockBytes)))) }
        if raw.refBlockNum != 0 { m.append(("ref_block_num", .int(raw.refBlockNum))) }
        if !raw.refBlockHash.isEmpty { m.append(("ref_block_hash", .string(Hex.encode(raw.refBlockHash)))) }
        if raw.expiration != 0 { m.append(("expiration", .int(raw.expiration))) }
        if !raw.data.isEmpty { m.append(("data", .string(Hex.encode(raw.data)))) }
        if !raw.scripts.isEmpty { m.append(("scripts", .string(Hex.encode(raw.scripts)))) }
        if raw.feeLimit != 0 { m.append(("fee_limit", .int(raw.feeLimit))) }
        if raw.timestamp != 0 { m.append(("timestamp", .int(raw.timestamp))) }
        return .object(m)
    }

    static func contract(_ c: TransactionContract, visible: Bool) -> JSONValue {
        let value: JSONValue =
            (try? c.decoded()).map { payload($0, visible: visible) }
            ?? .object([("raw", .string(Hex.encode(c.parameter.value)))])
        var m: [(String, JSONValue)] = [
            ("parameter", .object([("value", value), ("type_url", .string(c.parameter.typeURL))])),
            ("type", .string(c.type.name)),
        ]
        if c.permissionID != 0 { m.append(("Permission_id", .int(Int64(c.permissionID)))) }
        return .object(m)
    }

    /// An address as java-tron prints it.
    public static func address(_ a: TronAddress, visible: Bool) -> JSONValue { .string(visible ? a.base58 : a.hex) }

    static func payload(_ p: DecodedContract, visible: Bool) -> JSONValue {
        var m: [(String, JSONValue)] = []
        func addr(_ k: String, _ a: TronAddress) { m.append((k, address(a, visible: visible))) }
        func int(_ k: String, _ v: Int64) { if v != 0 { m.append((k, .int(v))) } }
        func resource(_ r: ResourceCode) { if r != .bandwidth { m.append(("resource", .string(r.name))) } }
        switch p {
        case .transfer(let c):
            int("amount", c.amount)
            addr("owner_address", c.ownerAddress)
            addr("to_address", c.toAddress)
        case .trigger(let c):
            if !c.data.isEmpty { m.append(("data", .string(Hex.encode(c.data)))) }
            addr("owner_address", c.ownerAddress)
            addr("contract_address", c.contractAddress)
            int("call_value", c.callValue)
            int("call_token_value", c.callTokenValue)
            int("token_id", c.tokenID)
        case .freezeV2(let c):
            addr("owner_address", c.ownerAddress)
            int("frozen_balance", c.frozenBalance)
            resource(c.resource)
        case .unfreezeV2(let c):
            addr("owner_address", c.ownerAddress)
            int("unfreeze_balance", c.unfreezeBalance)
            resource(c.resource)
        case .delegate(let c):
            addr("owner_address", c.ownerAddress)
            resource(c.resource)
            int("balance", c.balance)
            addr("receiver_address", c.receiverAddress)
            if c.lock { m.append(("lock", .bool(true))) }
            int("lock_period", c.lockPeriod)
        case .undelegate(let c):
            addr("owner_address", c.ownerAddress)
            resource(c.resource)
            int("balance", c.balance)
            addr("receiver_address", c.receiverAddress)
        case .withdrawExpireUnfreeze, .cancelAllUnfreezeV2, .withdrawBalance:
            if let owner = p.ownerAddress { addr("owner_address", owner) }
        case .vote(let c):
            addr("owner_address", c.ownerAddress)
            m.append(
                (
                    "votes",
                    .array(
                        c.votes.map { v in
                            var o: [(String, JSONValue)] = [("vote_address", address(v.voteAddress, visible: visible))]
                            if v.voteCount != 0 { o.append(("vote_count", .int(v.voteCount))) }
                            return .object(o)
                        })
                ))
            if c.support { m.append(("support", .bool(true))) }
        case .accountCreate(let c):
            addr("owner_address", c.ownerAddress)
            addr("account_address", c.accountAddress)
            if c.type != .normal { m.append(("type", .string(c.type.name))) }
        case .unsupported: break
        }
        return .object(m)
    }

    // MARK: Parsing

    /// Parses a transaction object (`raw_data` + `signature`), as `broadcasttransaction` receives it.
    public static func parseTransaction(_ json: JSONValue) throws(TronKitError) -> Transaction {
        guard json.object != nil else { throw .invalidJSON("a transaction must be a JSON object") }
        guard let rawJSON = json["raw_data"] else { throw .invalidJSON("missing raw_data") }
        let raw = try parseRawData(rawJSON)
        return Transaction(raw: raw, signatures: try json.hexListField("signature"))
    }

    /// Parses a `raw_data` object into its canonical protobuf form.
    public static func parseRawData(_ json: JSONValue) throws(TronKitError) -> TransactionRaw {
        guard json.object != nil else { throw .invalidJSON("raw_data must be an object") }
        var raw = TransactionRaw(
            refBlockBytes: try json.hexField("ref_block_bytes"), refBlockHash: try json.hexField("ref_block_hash"),
            expiration: try json.int64Field("expiration"), data: try json.hexField("data"), contracts: [],
            timestamp: try json.int64Field("timestamp"), feeLimit: try json.int64Field("fee_limit"))
        raw.refBlockNum = try json.int64Field("ref_block_num")
        raw.scripts = try json.hexField("scripts")
        if let list = json["contract"], !list.isNull {
            guard let contracts = list.array else { throw .invalidJSON("contract must be an array") }
            raw.contracts = try contracts.map { c throws(TronKitError) in try parseContract(c) }
        }
        return raw
    }

    public static func parseContract(_ json: JSONValue) throws(TronKitError) -> TransactionContract {
        guard let typeName = json["type"]?.string else { throw .invalidJSON("contract.type is missing") }
        guard let type = ContractType(name: typeName) else {
            throw .invalidJSON("unknown contract type \(typeName)")
        }
        guard let parameter = json["parameter"], let value = parameter["value"], value.object != nil else {
            throw .invalidJSON("contract.parameter.value is missing")
        }
        var contract: TransactionContract
        switch type {
        case .transferContract:
            contract = TransactionContract(
                TransferContract(
                    ownerAddress: try value.requiredAddress("owner_address"),
                    toAddress: try value.requiredAddress("to_address"),
                    amount: try value.int64Field("amount")))
        case .triggerSmartContract:
            contract = TransactionContract(
                TriggerSmartContract(
                    ownerAddress: try value.requiredAddress("owner_address"),
                    contractAddress: try value.requiredAddress("contract_address"),
                    callValue: try value.int64Field("call_value"),
                    data: try value.hexField("data"), callTokenValue: try value.int64Field("call_token_value"),
                    tokenID: try value.int64Field("token_id")))
        case .freezeBalanceV2Contract:
            contract = TransactionContract(
                FreezeBalanceV2Contract(
                    ownerAddress: try value.requiredAddress("owner_address"),
                    frozenBalance: try value.int64Field("frozen_balance"), resource: try resource(value)))
        case .unfreezeBalanceV2Contract:
            contract = TransactionContract(
                UnfreezeBalanceV2Contract(
                    ownerAddress: try value.requiredAddress("owner_address"),
                    unfreezeBalance: try value.int64Field("unfreeze_balance"), resource: try resource(value)))
        case .delegateResourceContract:
            contract = TransactionContract(
                DelegateResourceContract(
                    ownerAddress: try value.requiredAddress("owner_address"), resource: try resource(value),
                    balance: try value.int64Field("balance"),
                    receiverAddress: try value.requiredAddress("receiver_address"),
                    lock: value["lock"]?.bool ?? false, lockPeriod: try value.int64Field("lock_period")))
        case .unDelegateResourceContract:
            contract = TransactionContract(
                UnDelegateResourceContract(
                    ownerAddress: try value.requiredAddress("owner_address"), resource: try resource(value),
                    balance: try value.int64Field("balance"),
                    receiverAddress: try value.requiredAddress("receiver_address")))
        case .withdrawExpireUnfreezeContract:
            contract = TransactionContract(
                WithdrawExpireUnfreezeContract(ownerAddress: try value.requiredAddress("owner_address")))
        case .cancelAllUnfreezeV2Contract:
            contract = TransactionContract(
                CancelAllUnfreezeV2Contract(ownerAddress: try value.requiredAddress("owner_address")))
        case .withdrawBalanceContract:
            contract = TransactionContract(
                WithdrawBalanceContract(ownerAddress: try value.requiredAddress("owner_address")))
        case .voteWitnessContract:
            contract = TransactionContract(
                VoteWitnessContract(
                    ownerAddress: try value.requiredAddress("owner_address"), votes: try votes(value),
                    support: value["support"]?.bool ?? false))
        case .accountCreateContract:
            contract = TransactionContract(
                AccountCreateContract(
                    ownerAddress: try value.requiredAddress("owner_address"),
                    accountAddress: try value.requiredAddress("account_address"), type: try accountType(value)))
        default:
            throw .invalidJSON("contract type \(typeName) is not supported")
        }
        if let url = parameter["type_url"]?.string { contract.parameter.typeURL = url }
        if let p = json["Permission_id"]?.int64 {
            guard let p32 = Int32(exactly: p) else { throw .invalidJSON("Permission_id out of range") }
            contract.permissionID = p32
        }
        return contract
    }

    static func votes(_ json: JSONValue) throws(TronKitError) -> [VoteWitnessContract.Vote] {
        guard let list = json["votes"], !list.isNull else { return [] }
        guard let items = list.array else { throw .invalidJSON("votes must be an array") }
        return try items.map { v throws(TronKitError) in
            guard v.object != nil else { throw .invalidJSON("each vote must be an object") }
            return VoteWitnessContract.Vote(
                voteAddress: try v.requiredAddress("vote_address"), voteCount: try v.int64Field("vote_count"))
        }
    }

    static func accountType(_ json: JSONValue) throws(TronKitError) -> AccountCreateContract.AccountType {
        guard let v = json["type"], !v.isNull else { return .normal }
        if let name = v.string, let t = AccountCreateContract.AccountType(name: name) { return t }
        if let n = v.int64, let n32 = Int32(exactly: n), let t = AccountCreateContract.AccountType(rawValue: n32) {
            return t
        }
        throw .invalidJSON("type must be Normal, AssetIssue or Contract")
    }

    static func resource(_ json: JSONValue) throws(TronKitError) -> ResourceCode {
        guard let v = json["resource"], !v.isNull else { return .bandwidth }
        if let name = v.string, let r = ResourceCode(name: name) { return r }
        if let n = v.int64, let n32 = Int32(exactly: n), let r = ResourceCode(rawValue: n32) { return r }
        throw .invalidJSON("resource must be BANDWIDTH, ENERGY or TRON_POWER")
    }
}
