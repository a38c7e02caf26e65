import LucidJSON

/// Stake 2.0, delegation, voting and reward queries (java-tron's HTTP names in each comment).
extension FullNodeClient {
    /// `getdelegatedresourcev2`: the unlocked and locked records lent from `from` to `to`.
    public func getDelegatedResourceV2(from: TronAddress, to: TronAddress) async throws(FullNodeError)
        -> [DelegatedResource]
    {
        let path = "/wallet/getdelegatedresourcev2"
        let json = try await post(
            path, solid: false, .object([("fromAddress", .string(from.hex)), ("toAddress", .string(to.hex))]))
        return try decode(path) { () throws(TronKitError) in
            try json.arrayField("delegatedResource").map { e throws(TronKitError) in try DelegatedResource(json: e) }
        }
    }

    /// `getdelegatedresourceaccountindexv2`: who lends to `address` and whom it lends to.
    public func getDelegationIndex(_ address: TronAddress) async throws(FullNodeError) -> DelegationIndex {
        let path = "/wallet/getdelegatedresourceaccountindexv2"
        let json = try await post(path, solid: false, .object([("value", .string(address.hex))]))
        return try decode(path) { () throws(TronKitError) in try DelegationIndex(json: json) }
    }

    /// `getcandelegatedmaxsize`: stake of `resource` the account may delegate now, in sun.
    public func getCanDelegatedMaxSize(_ address: TronAddress, resource: ResourceCode) async throws(FullNodeError)
        -> Sun
    {
        let path = "/wallet/getcandelegatedmaxsize"
        let json = try await post(
            path, solid: false,
            .object([("owner_address", .string(address.hex)), ("type", .int(Int64(resource.rawValue)))]))
        return try decode(path) { () throws(TronKitError) in Sun(try json.int64Field("max_size")) }
    }

    /// `getavailableunfreezecount`: how many more unstakes the account may start (32 pending at most).
    public func getAvailableUnfreezeCount(_ address: TronAddress) async throws(FullNodeError) -> Int64 {
        let path = "/wallet/getavailableunfreezecount"
        let json = try await post(path, solid: false, .object([("owner_address", .string(address.hex))]))
        return try decode(path) { () throws(TronKitError) in try json.int64Field("count") }
    }

    /// `getcanwithdrawunfreezeamount`: unstaked TRX withdrawable at `timestamp` (ms; 0 = now).
    public func getCanWithdrawUnfreezeAmount(_ address: TronAddress, at timestamp: Int64 = 0)
        async throws(FullNodeError) -> Sun
    {
        let path = "/wallet/getcanwithdrawunfreezeamount"
        let json = try await post(
            path, solid: false,
            .object([("owner_address", .string(address.hex)), ("timestamp", .int(timestamp))]))
        return try decode(path) { () throws(TronKitError) in Sun(try json.int64Field("amount")) }
    }

    /// `getReward`: voting rewards the account can withdraw, in sun.
    public func getReward(_ address: TronAddress) async throws(FullNodeError) -> Sun {
        let path = "/wallet/getReward"
        let json = try await post(path, solid: false, .object([("address", .string(address.hex))]))
        return try decode(path) { () throws(TronKitError) in Sun(try json.int64Field("reward")) }
    }

    /// java-tron's transaction builder for each system contract type (`/wallet/freezebalancev2`, …).
    static let builderPaths: [ContractType: String] = [
        .freezeBalanceV2Contract: "freezebalancev2", .unfreezeBalanceV2Contract: "unfreezebalancev2",
        .withdrawExpireUnfreezeContract: "withdrawexpireunfreeze", .cancelAllUnfreezeV2Contract: "cancelallunfreezev2",
        .delegateResourceContract: "delegateresource", .unDelegateResourceContract: "undelegateresource",
        .voteWitnessContract: "votewitnessaccount", .withdrawBalanceContract: "withdrawbalance",
        .accountCreateContract: "createaccount",
    ]

    /// Asks the node's transaction builder for `payload`, which validates it against the chain as
    /// its actuator would, and discards the node's transaction (the wallet builds and signs its own).
    /// Returns java-tron's refusal message (e.g. `frozenBalance must be less than or equal to
    /// accountBalance`), or nil when the contract would execute now.
    public func contractRefusal<P: ContractPayload>(_ payload: P) async throws(FullNodeError) -> String? {
        try await contractRefusal(TransactionContract(payload))
    }

    /// `contractRefusal` for a contract already wrapped.
    public func contractRefusal(_ contract: TransactionContract) async throws(FullNodeError) -> String? {
        guard let name = Self.builderPaths[contract.type] else {
            throw .invalidResponse(endpoint: contract.type.name, reason: "the node has no builder for this contract")
        }
        let path = "/wallet/" + name
        let decoded = try decode(path) { () throws(TronKitError) in try contract.decoded() }
        let json: JSONValue
        do { json = try await post(path, solid: false, TransactionJSON.payload(decoded, visible: false)) } catch {
            let marker = "ContractValidateException : "
            guard case .nodeError(_, let message) = error, let range = message.range(of: marker) else { throw error }
            return String(message[range.upperBound...])
        }
        guard json["raw_data"] != nil else {
            throw .invalidResponse(endpoint: path, reason: "neither a transaction nor an Error")
        }
        return nil
    }

    /// `listwitnesses`: every witness with its votes.
    public func listWitnesses() async throws(FullNodeError) -> [WitnessInfo] {
        let path = "/wallet/listwitnesses"
        let json = try await post(path, solid: false, .object([]))
        return try decode(path) { () throws(TronKitError) in
            try json.arrayField("witnesses").map { w throws(TronKitError) in try WitnessInfo(json: w) }
        }
    }
}
