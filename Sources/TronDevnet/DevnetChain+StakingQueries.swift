import LucidJSON
import TronKit

/// The Stake 2.0, delegation, voting and reward queries, answered in java-tron's JSON
/// (`JsonFormat`: zero and empty members omitted; addresses hex unless `visible`).
extension DevnetChain {
    /// `getdelegatedresourcev2`: the locked and unlocked records lent from `from` to `to`.
    func delegatedResourceV2(from: TronAddress, to: TronAddress, visible: Bool) -> JSONValue {
        var list: [JSONValue] = []
        for locked in [false, true] {
            guard let d = delegations[DelegationKey(from: from, to: to, locked: locked)], !d.isEmpty else { continue }
            var m: [(String, JSONValue)] = [
                ("from", TransactionJSON.address(from, visible: visible)),
                ("to", TransactionJSON.address(to, visible: visible)),
            ]
            m.appendNonZero("frozen_balance_for_bandwidth", d.amount[.bandwidth] ?? 0)
            m.appendNonZero("frozen_balance_for_energy", d.amount[.energy] ?? 0)
            m.appendNonZero("expire_time_for_bandwidth", d.expireTime[.bandwidth] ?? 0)
            m.appendNonZero("expire_time_for_energy", d.expireTime[.energy] ?? 0)
            list.append(.object(m))
        }
        return list.isEmpty ? .object([]) : .object([("delegatedResource", .array(list))])
    }

    /// `getdelegatedresourceaccountindexv2`: who lends to `a` and whom `a` lends to.
    func delegatedResourceIndexV2(_ a: TronAddress, visible: Bool) -> JSONValue {
        var from = Set<TronAddress>()
        var to = Set<TronAddress>()
        for (key, record) in delegations where !record.isEmpty {
            if key.from == a { to.insert(key.to) }
            if key.to == a { from.insert(key.from) }
        }
        guard !from.isEmpty || !to.isEmpty else { return .object([]) }
        func list(_ s: Set<TronAddress>) -> JSONValue {
            .array(s.sorted { $0.hex < $1.hex }.map { TransactionJSON.address($0, visible: visible) })
        }
        var m: [(String, JSONValue)] = [("account", TransactionJSON.address(a, visible: visible))]
        if !from.isEmpty { m.append(("fromAccounts", list(from))) }
        if !to.isEmpty { m.append(("toAccounts", list(to))) }
        return .object(m)
    }

    /// `getcandelegatedmaxsize`: stake of `type` (0 bandwidth, 1 energy) the owner may delegate now
    /// (below 1 TRX reported as 0).
    func canDelegatedMaxSize(_ owner: TronAddress, type: Int64) -> JSONValue {
        var size: Int64 = 0
        if let a = accounts[owner], type == 0 || type == 1 {
            size = delegatable(a, type == 1 ? .energy : .bandwidth, now: head.timestamp)
        }
        var m: [(String, JSONValue)] = []
        m.appendNonZero("max_size", size < Self.sunPerTRX ? 0 : size)
        return .object(m)
    }

    /// `getavailableunfreezecount`: unstakes the owner may still start (32 pending at most).
    func availableUnfreezeCount(_ owner: TronAddress) -> JSONValue {
        guard let a = accounts[owner] else { return .object([]) }
        var m: [(String, JSONValue)] = []
        m.appendNonZero("count", Int64(Self.maxPendingUnfreezes - a.unfreezingCount(at: head.timestamp)))
        return .object(m)
    }

    /// `getcanwithdrawunfreezeamount`: unstaked TRX withdrawable at `timestamp` (0: the head's time).
    func canWithdrawUnfreezeAmount(_ owner: TronAddress, timestamp: Int64) -> JSONValue {
        guard timestamp >= 0, let a = accounts[owner] else { return .object([]) }
        let at = timestamp == 0 ? head.timestamp : timestamp
        var m: [(String, JSONValue)] = []
        m.appendNonZero("amount", a.unfrozen.filter { $0.expireTime <= at }.reduce(0) { $0 + $1.amount })
        return .object(m)
    }

    /// `getReward`: voting rewards not yet withdrawn, in sun.
    func reward(_ a: TronAddress) -> JSONValue { .object([("reward", .int(accounts[a]?.allowance ?? 0))]) }

    /// `listwitnesses`: the devnet's one witness with the votes it holds.
    func witnessList(visible: Bool) -> JSONValue {
        var w: [(String, JSONValue)] = [("address", TransactionJSON.address(witness.address, visible: visible))]
        w.appendNonZero("voteCount", voters.values.reduce(0, +))
        w += [
            ("url", .string("http://lucid-devnet.invalid")), ("totalProduced", .int(head.number)),
            ("latestBlockNum", .int(head.number)), ("isJobs", .bool(true)),
        ]
        return .object([("witnesses", .array([.object(w)]))])
    }

    /// The Stake 2.0 and voting members of `getaccount`.
    func stakingJSON(_ acct: DevnetAccount, visible: Bool) -> [(String, JSONValue)] {
        var m: [(String, JSONValue)] = []
        if !acct.votes.isEmpty {
            let votes = acct.votes.map { v in
                JSONValue.object([
                    ("vote_address", TransactionJSON.address(v.voteAddress, visible: visible)),
                    ("vote_count", .int(v.voteCount)),
                ])
            }
            m.append(("votes", .array(votes)))
        }
        m.appendNonZero("allowance", acct.allowance)
        m.appendNonZero("latest_withdraw_time", acct.latestWithdrawTime)
        if !acct.unfrozen.isEmpty {
            let list = acct.unfrozen.map { u in
                var e: [(String, JSONValue)] = []
                if u.resource != .bandwidth { e.append(("type", .string(u.resource.name))) }
                e += [("unfreeze_amount", .int(u.amount)), ("unfreeze_expire_time", .int(u.expireTime))]
                return JSONValue.object(e)
            }
            m.append(("unfrozenV2", .array(list)))
        }
        return m
    }
}
