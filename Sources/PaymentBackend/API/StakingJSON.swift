import LucidJSON
import TronKit

/// The API's JSON for staking operations. Amounts are decimal TRX strings.
enum StakingJSON {
    static func operation(_ op: StakingOperation) -> JSONValue {
        var m: [(String, JSONValue)] = [
            ("id", .string(op.id)), ("kind", .string(op.request.kind.rawValue)),
            ("status", .string(op.status.rawValue)),
            ("request", op.request.json),
        ]
        if let code = op.reasonCode {
            let key = op.status == .failed ? "failure" : "status_reason"
            m.append((key, .object([("code", .string(code)), ("detail", .string(op.reasonDetail ?? ""))])))
        }
        m.append(("attempts", .int(Int64(op.attempts))))
        if let a = op.attempt {
            m.append(
                (
                    "transaction",
                    .object([
                        ("txid", .string(a.txid)), ("expiration", .string(Timestamp.format(a.expiration))),
                        ("broadcast_at", a.broadcastAt.map { .string(Timestamp.format($0)) } ?? .null),
                    ])
                ))
        }
        if let o = op.outcome {
            m.append(
                (
                    "chain",
                    .object([
                        ("block_number", .int(o.blockNumber)), ("block_time", .string(Timestamp.format(o.blockTime))),
                        ("result", .string(o.result)), ("fee_trx", .string(Sun(o.feeSun).decimalString)),
                        ("bandwidth_used", .int(o.netUsage)),
                        ("withdrawn_trx", .string(Sun(op.withdrawnSun).decimalString)),
                    ])
                ))
        }
        m += [
            ("created_by", .string(op.createdBy)), ("created_at", .string(Timestamp.format(op.createdAt))),
            ("updated_at", .string(Timestamp.format(op.updatedAt))),
        ]
        return .object(m)
    }
}
