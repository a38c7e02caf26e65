import LucidJSON
import TronKit

/// The API's JSON for payouts, batches and transactions. Amounts are decimal strings.
enum PayoutJSON {
    static func payout(_ p: Payout) -> JSONValue {
        let r = p.request
        var m: [(String, JSONValue)] = [
            ("id", .string(p.id)), ("status", .string(p.status.rawValue)),
            ("recipient_address", .string(r.recipient.base58)), ("amount_usdt", .string(r.amount.decimalString)),
            ("router_type", .string(r.routerType.rawValue)), ("priority", .string(r.priority.rawValue)),
            ("batch_type", .string(r.batchType.rawValue)),
        ]
        func opt(_ k: String, _ v: String?) { m.append((k, v.map { .string($0) } ?? .null)) }
        opt("reason", r.reason)
        opt("node_id", r.nodeID)
        opt("user_id", r.userID)
        opt("user_issuer", r.userIssuer)
        opt("session_id", r.sessionID)
        opt("kyc_id", r.kycID)
        m.append(("metadata", r.metadata.flatMap { try? JSONValue.parse($0) } ?? .null))
        opt("batch_id", p.batchID)
        if let code = p.reasonCode {
            let key = p.status == .failed ? "failure" : (p.status == .held ? "hold" : "status_reason")
            m.append((key, .object([("code", .string(code)), ("detail", .string(p.reasonDetail ?? ""))])))
        }
        m.append(("scheduled_for", .string(Timestamp.format(p.scheduledFor))))
        m.append(("attempts", .int(p.attempts)))
        if let a = p.attempt {
            m.append(
                (
                    "transaction",
                    .object([
                        ("txid", .string(a.txid)), ("expiration", .string(Timestamp.format(a.expiration))),
                        ("fee_limit_trx", .string(Sun(a.feeLimit).decimalString)),
                    ])
                ))
        }
        if let o = p.outcome {
            m.append(("block_number", .int(o.blockNumber)))
            m.append(("fee_trx", .string(Sun(o.feeSun).decimalString)))
        }
        m.append(("created_at", .string(Timestamp.format(p.createdAt))))
        m.append(("updated_at", .string(Timestamp.format(p.updatedAt))))
        return .object(m)
    }

    static func batch(_ b: BatchRecord, _ payouts: [Payout]) -> JSONValue {
        var counts: [String: Int] = [:]
        for p in payouts { counts[p.status.rawValue, default: 0] += 1 }
        return .object([
            ("id", .string(b.id)), ("count", .int(b.count)), ("total_usdt", .string(b.total.decimalString)),
            ("created_at", .string(Timestamp.format(b.createdAt))),
            ("status_counts", .object(PayoutStatus.allCases.map { ($0.rawValue, .int(counts[$0.rawValue] ?? 0)) })),
            ("payouts", .array(payouts.map(payout))),
        ])
    }

    /// Transaction status: txid, block, confirmations against the solid head, resources, fee, result.
    static func transaction(_ p: Payout, head: Int64?, solid: Int64?) -> JSONValue {
        var m: [(String, JSONValue)] = [("payout_id", .string(p.id)), ("status", .string(p.status.rawValue))]
        guard let a = p.attempt else {
            m.append(("txid", .null))
            return .object(m)
        }
        m.append(("txid", .string(a.txid)))
        m.append(("attempt", .int(p.attempts)))
        m.append(("expiration", .string(Timestamp.format(a.expiration))))
        if let o = p.outcome {
            m.append(("block_number", .int(o.blockNumber)))
            m.append(("block_time", .string(Timestamp.format(o.blockTime))))
            if let head { m.append(("confirmations", .int(max(0, head - o.blockNumber + 1)))) }
            if let solid { m.append(("solidified", .bool(o.blockNumber <= solid))) }
            m.append(("energy_used", .int(o.energyUsed)))
            m.append(("bandwidth_used", .int(o.netUsage)))
            m.append(("fee_trx", .string(Sun(o.feeSun).decimalString)))
            m.append(("result", .string(o.result)))
        } else {
            m.append(("block_number", .null))
            m.append(("result", .null))
        }
        m.append(("final", .bool(p.status.isTerminal)))
        return .object(m)
    }
}
