import Foundation
import LucidJSON
import TronKit

/// The first start after `lucidctl restore`. The restored ledger may lack what the earlier run did
/// after the backup was taken: payouts it signed and broadcast are `scheduled` (or an older attempt)
/// here, and signing them again would pay twice. So before anything is signed: wait until every
/// transaction the earlier run could have signed has landed or expired (the solid chain is past now
/// plus a transaction's lifetime), scan the hot wallet's USDT transfers since the backup, and adopt
/// each one whose memo or txid names a payout the ledger has not confirmed; staking operations the
/// ledger has not finished are settled from their own transaction or failed `RESTORE_UNCERTAIN`.
extension PayoutEngine {
    /// How far before the backup's time the scan starts when nothing was scanned yet (clock skew).
    static let restoreScanMarginMs: Int64 = 300_000

    func recoverAfterRestore() async throws {
        guard let marker = try await store.setting(LedgerBackup.restoredKey), let backupMs = Int64(marker) else {
            return
        }
        // Blocks up to the restored checkpoint were scanned before the backup; what came after it is
        // read below (the periodic reconciliation waits for this recovery).
        let from = try await store.setting(Reconciler.checkpointKey).flatMap { Int64($0) }.map { $0 + 1 }
        let startedAt = clock.nowMs()
        let settled = startedAt + configuration.transactionLifetimeMs
        logger.notice(
            "ledger restored from a backup: waiting for every earlier transaction to land or expire before signing",
            metadata: ["backup_ms": "\(backupMs)", "until_block_time_ms": "\(settled)"])
        var solid = try await node.getNowBlock(solid: true)
        while solid.timestamp <= settled {
            try await Task.sleep(for: configuration.tickInterval)
            solid = try await node.getNowBlock(solid: true)
        }
        let reconciler = Reconciler(
            store: store, node: node, addresses: Set([hotKey.address] + configuration.retiredAddresses),
            contract: configuration.usdtContract, clock: clock, logger: logger)
        if try await store.setting(Reconciler.startKey) == nil {
            let first = try await firstBlock(notBefore: backupMs - Self.restoreScanMarginMs, through: solid.number)
            try await store.setSetting(
                Reconciler.startKey, String(first),
                audit: AuditEvent(
                    at: clock.nowMs(), actor: "engine", action: "reconciliation.started", subject: "chain",
                    detail: .object([("start_block", .int(first))])))
        }
        let scanned = try await reconciler.catchUp()
        let range = (from ?? scanned.fromBlock)...max(from ?? scanned.fromBlock, scanned.throughBlock)
        let (adopted, unaccounted) = try await adoptTransfers(in: range)
        let uncertain = try await settleStakingAfterRestore()
        try await store.setSetting(
            LedgerBackup.restoredKey, "",
            audit: AuditEvent(
                at: clock.nowMs(), actor: "engine", action: "ledger.recovered", subject: "ledger",
                detail: .object([
                    ("from_block", .int(range.lowerBound)), ("through_block", .int(range.upperBound)),
                    ("adopted", .array(adopted.map { .string($0) })),
                    ("unaccounted_txids", .array(unaccounted.map { .string($0) })),
                    ("staking_uncertain", .array(uncertain.map { .string($0) })),
                ])))
        logger.notice(
            "recovery after restore done",
            metadata: [
                "adopted": "\(adopted.count)", "unaccounted": "\(unaccounted.count)",
                "through_block": "\(range.upperBound)",
            ])
    }

    /// Marks confirmed every payout not yet confirmed whose transfer is on the solid chain in
    /// `blocks`, with that transaction as its attempt. Returns the payouts adopted and the txids no
    /// open payout accounts for (the reconciliation report lists those as findings).
    func adoptTransfers(in blocks: ClosedRange<Int64>) async throws -> (adopted: [String], unaccounted: [String]) {
        let transfers = try await store.chainTransfers(blocks: blocks)
        let byTxid = try await store.payoutIDs(txids: transfers.map(\.txid))
        let payouts = Dictionary(
            uniqueKeysWithValues: try await store.payouts(ids: transfers.compactMap { byTxid[$0.txid] ?? $0.memo })
                .map { ($0.id, $0) })
        var adopted: [String] = []
        var adoptedIDs: Set<String> = []
        var unaccounted: [String] = []
        for t in transfers {
            guard let id = byTxid[t.txid] ?? t.memo, let p = payouts[id], !adoptedIDs.contains(id) else {
                unaccounted.append(t.txid)
                continue
            }
            if p.status == .confirmed { continue }
            guard !p.status.isTerminal, let record = try await node.getTransaction(id: t.txid),
                let info = try await node.getTransactionInfo(id: t.txid, solid: true)
            else {
                unaccounted.append(t.txid)
                continue
            }
            let now = clock.nowMs()
            // Through the states the earlier run went through: the found transaction becomes the
            // payout's attempt (scheduled or held: via signing to signed; signed or broadcast with
            // an older attempt: in place), then its solid receipt confirms it (`finalize`).
            var path: [Payout] = []
            var signed = p
            if !p.status.mayBeOnChain {
                signed = p.moved(to: .signing, at: now)
                path.append(signed)
                signed.status = .signed
                signed.version += 1
            }
            if signed.attempt?.txid != t.txid {
                signed.attempts += 1
                signed.attempt = .init(
                    txid: t.txid, signedTransaction: record.transaction.protobuf,
                    expiration: record.transaction.raw.expiration, feeLimit: record.transaction.raw.feeLimit,
                    broadcastAt: nil)
                signed.reservedAt = p.reservedAt ?? t.blockTime
            }
            if !p.status.mayBeOnChain { path.append(signed) }
            let confirmed = finalize(signed, info: info, now: now)
            guard confirmed.status == .confirmed else {
                unaccounted.append(t.txid)
                continue
            }
            var version = p.version
            var written = true
            for step in path + [confirmed] where written {
                written = try await store.update(step, expectedVersion: version, actor: "engine")
                version = step.version
            }
            if written {
                adopted.append(id)
                adoptedIDs.insert(id)
                metrics.finished(confirmed, now: now)
            }
        }
        return (adopted, unaccounted)
    }

    /// The first solid block at or after `time` (binary search over block numbers).
    func firstBlock(notBefore time: Int64, through last: Int64) async throws -> Int64 {
        var low: Int64 = 0
        var high = last
        while low < high {
            let mid = low + (high - low) / 2
            let block = try await node.getBlock(number: mid, solid: true)
            if let block, block.timestamp >= time { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
