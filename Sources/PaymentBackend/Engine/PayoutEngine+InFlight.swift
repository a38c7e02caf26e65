import BigInt
import Logging
import TronKit

/// Resolving payouts whose transaction may be on chain: confirm, re-send the same bytes, or —
/// only once expired and absent from the solid chain — schedule a new attempt.
extension PayoutEngine {
    // MARK: In flight

    func resolveInFlight() async throws {
        let now0 = clock.nowMs()
        let all = try await store.inFlight(limit: 5_000)
        let ids = Set(all.map(\.id))
        lastChecked = lastChecked.filter { ids.contains($0.key) }
        sentAtChainTime = sentAtChainTime.filter { ids.contains($0.key) }
        guard !all.isEmpty else { return }
        let (solid, head) = try await currentChainView()
        // Signed but unsent: send now. Broadcast: look the receipt up at most once per poll
        // interval, and not while the solid head is still older than when it was sent (unless it
        // is time to re-send the same bytes). Only the payouts picked are loaded in full.
        let picked = all.filter { p in
            if sending.contains(p.id) { return false }  // its pass is broadcasting it right now
            if p.status == .signed { return true }
            if let sent = sentAtChainTime[p.id], solid.timestamp < sent,
                now0 - (p.broadcastAt ?? 0) < configuration.rebroadcastAfterMs
            {
                return false
            }
            return now0 - (lastChecked[p.id] ?? .min / 2) >= configuration.confirmationPollMs
        }
        var inFlight: [Payout] = []
        for chunk in picked.chunked(500) {
            inFlight += try await store.payouts(ids: chunk.map(\.id)).filter { $0.status.mayBeOnChain }
        }
        guard !inFlight.isEmpty else { return }
        for p in inFlight { lastChecked[p.id] = now0 }
        let now = clock.nowMs()

        let updates = await slidingWindow(inFlight, width: configuration.concurrency) { p in
            await self.resolve(p, solid: solid, head: head, now: now)
        }.map { (new: $0, expectedVersion: $0.version - 1) }
        let written = try await store.updateAll(updates, actor: "engine")
        for (n, _) in updates where written.contains(n.id) && n.status.isTerminal {
            metrics.outcome(n.status)
            if n.status == .confirmed {
                metrics.confirmed(microUSDT: n.request.amount.value, processingMs: now - n.createdAt)
            }
        }
    }

    /// One in-flight payout: its solid receipt finalizes it; expired and absent, it gets a new
    /// attempt; otherwise the same signed bytes are (re)sent when due. Returns the changed payout.
    func resolve(_ p: Payout, solid: BlockInfo, head: BlockInfo, now: Int64) async -> Payout? {
        guard let attempt = p.attempt else { return nil }
        let info: TransactionInfo?
        do {
            info = try await node.getTransactionInfo(id: attempt.txid, solid: true)
            breaker.recordSuccess()
        } catch {
            breaker.recordFailure(now: now)
            logger.debug("receipt lookup failed", metadata: ["payout": "\(p.id)", "error": "\(error)"])
            return nil
        }
        if let info { return finalize(p, info: info, now: now) }
        if solid.timestamp >= attempt.expiration {
            // Expired, and the solid chain (which covers every block that could hold it) has it not.
            var n = p.moved(
                to: .scheduled, at: now,
                reason: (
                    "TRANSACTION_EXPIRED",
                    "attempt \(p.attempts) (\(attempt.txid)) expired unconfirmed; a new attempt will be signed"
                ), runAt: now)
            n.attempt = nil
            return n
        }
        if p.status == .signed || now - (attempt.broadcastAt ?? 0) >= configuration.rebroadcastAfterMs {
            return await broadcast(p, now: now, chainTime: head.timestamp)
        }
        return nil
    }

    /// Confirmed only on SUCCESS with the exact Transfer log; anything else is a failure with its reason.
    func finalize(_ p: Payout, info: TransactionInfo, now: Int64) -> Payout {
        var n = p
        n.outcome = Payout.ChainOutcome(
            blockNumber: info.blockNumber, blockTime: info.blockTimeStamp,
            result: info.receipt.result ?? (info.failed ? "FAILED" : "DEFAULT"),
            feeSun: info.fee, energyUsed: info.receipt.energyUsageTotal, energyFeeSun: info.receipt.energyFee,
            netUsage: info.receipt.netUsage, netFeeSun: info.receipt.netFee)
        n.updatedAt = now
        n.version += 1
        let expected = TransferEvent(
            from: signer(of: p), to: p.request.recipient, value: BigUInt(p.request.amount.value))
        if info.succeeded && info.transferEvents(contract: configuration.usdtContract).contains(expected) {
            n.status = .confirmed
            n.reasonCode = nil
            n.reasonDetail = nil
        } else if info.succeeded {
            n.status = .failed
            n.reasonCode = "TRANSFER_LOG_MISMATCH"
            n.reasonDetail =
                "the transaction succeeded without the expected Transfer log; investigate before paying again"
        } else {
            n.status = .failed
            n.reasonCode = info.receipt.result ?? "FAILED"
            n.reasonDetail = info.resMessage ?? "the transaction failed on chain"
        }
        return n
    }

    /// Sends the persisted bytes; returns the updated payout when the node accepted (or already had) them.
    func broadcast(_ p: Payout, now: Int64, chainTime: Int64) async -> Payout? {
        guard let attempt = p.attempt, let tx = try? Transaction(protobuf: attempt.signedTransaction) else {
            return nil
        }
        do {
            // broadcasthex sends the exact persisted bytes; the node does not rebuild them from JSON.
            _ = try await call { () async throws(FullNodeError) in try await node.broadcastHex(tx) }
        } catch {
            guard case .rejected(let r) = error, r.code == .dupTransactionError else {
                logger.info("broadcast refused", metadata: ["payout": "\(p.id)", "error": "\(error)"])
                return nil
            }
        }
        if sentAtChainTime[p.id] == nil { sentAtChainTime[p.id] = chainTime }
        var n = p
        n.status = .broadcast
        n.attempt?.broadcastAt = now
        n.updatedAt = now
        n.version += 1
        return n
    }

    /// The address that signed the payout's current attempt — the current hot key, or a retired one
    /// after a rotation (its in-flight payouts finish under the key that signed them).
    public nonisolated func signer(of p: Payout) -> TronAddress {
        guard let bytes = p.attempt?.signedTransaction, let tx = try? Transaction(protobuf: bytes),
            let owner = try? tx.raw.singleContract().decoded().ownerAddress
        else { return hotKey.address }
        return owner
    }
}
