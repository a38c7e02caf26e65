import BigInt
import Logging
import TronKit

/// Resolving payouts whose transaction may be on chain: confirm, re-send the same bytes, or —
/// only once expired and absent from the solid chain — schedule a new attempt.
extension PayoutEngine {
    // MARK: In flight

    func resolveInFlight() async throws {
        let now0 = clock.nowMs()
        var view: (solid: BlockInfo, head: BlockInfo)?
        if let last = lastInFlightPass, last.sends == sends {
            if last.inFlight == 0 { return }  // nothing was in flight, and nothing was sent since
            let v = try await currentChainView()
            if last.solidNumber == v.solid.number, now0 >= last.at,
                now0 - last.at < min(configuration.confirmationPollMs, configuration.rebroadcastAfterMs)
            {
                return
            }
            view = v
        }
        let sendsSeen = sends
        let all = try await store.inFlight(limit: 5_000)
        let ids = Set(all.map(\.id))
        lastChecked = lastChecked.filter { ids.contains($0.key) }
        receipts.retain(only: ids)
        guard !all.isEmpty else {
            lastInFlightPass = (-1, sendsSeen, 0, now0)
            return
        }
        if view == nil { view = try await currentChainView() }
        guard let (solid, head) = view else { return }
        lastInFlightPass = (solid.number, sendsSeen, all.count, now0)
        await scanSolidBlocks(through: solid.number)
        // Signed but unsent: send now. Found by the block scan: finalize. Broadcast: while the scan
        // watches it, or the solid head is older than when it was sent, there is nothing to look up
        // unless it is time to re-send the same bytes; otherwise look the receipt up at most once per
        // poll interval. Only the payouts picked are loaded in full.
        let picked = all.filter { p in
            if sending.contains(p.id) { return false }  // its pass is broadcasting it right now
            if p.status == .signed || receipts.hasReceipt(p.id) { return true }
            let resendDue = now0 - (p.broadcastAt ?? 0) >= configuration.rebroadcastAfterMs
            if !resendDue, receipts.watches(p.id) { return false }
            if !resendDue, let sent = receipts.sent[p.id], solid.timestamp < sent.chainTime { return false }
            return now0 - (lastChecked[p.id] ?? .min / 2) >= configuration.confirmationPollMs
        }
        var inFlight: [Payout] = []
        for chunk in picked.chunked(500) {
            inFlight += try await store.payouts(ids: chunk.map(\.id)).filter { $0.status.mayBeOnChain }
        }
        guard !inFlight.isEmpty else { return }
        let now = clock.nowMs()
        var updates: [Payout] = []
        var lookUps: [Payout] = []
        for p in inFlight {
            if let info = receipts.receipt(for: p) {
                updates.append(finalize(p, info: info, now: now))
            } else {
                lastChecked[p.id] = now0
                lookUps.append(p)
            }
        }
        updates += await slidingWindow(lookUps, width: configuration.concurrency) { p in
            await self.resolve(p, solid: solid, head: head, now: now)
        }
        let changes = updates.map { (new: $0, expectedVersion: $0.version - 1) }
        let written = try await store.updateAll(changes, actor: "engine")
        for n in updates where written.contains(n.id) && n.status.isTerminal { metrics.finished(n, now: now) }
    }

    /// Reads the receipts of the solid blocks up to `solidHead` that could hold a transaction sent
    /// this run, in order; a failed read stops the pass there (the next pass goes on from it).
    func scanSolidBlocks(through solidHead: Int64) async {
        guard let blocks = receipts.blocksToRead(solidHead: solidHead, limit: configuration.concurrency * 4)
        else { return }
        let calls = await node.getTransactionInfos(blockNumbers: Array(blocks), solid: true)
        for (n, call) in zip(blocks, calls) {
            guard case .success(let infos) = record(call.result, elapsed: call.elapsed) else { return }
            receipts.record(block: n, infos: infos)
        }
    }

    /// One in-flight payout: its solid receipt finalizes it; expired and absent, it gets a new
    /// attempt; otherwise the same signed bytes are (re)sent when due. Returns the changed payout.
    func resolve(_ p: Payout, solid: BlockInfo, head: BlockInfo, now: Int64) async -> Payout? {
        guard let attempt = p.attempt else { return nil }
        let info: TransactionInfo?
        do {
            info = try await node.getTransactionInfo(id: attempt.txid, solid: true)
            breaker.recordSuccess(now: now)
        } catch {
            breaker.recordFailure(now: now)
            logger.debug("receipt lookup failed", metadata: ["payout": "\(p.id)", "error": "\(error)"])
            return nil
        }
        switch attempt.nextStep(
            found: info != nil, sent: p.status == .broadcast, solidTime: solid.timestamp, now: now,
            rebroadcastAfterMs: configuration.rebroadcastAfterMs)
        {
        case .finalize: return info.map { finalize(p, info: $0, now: now) }
        case .wait: return nil
        case .resend: return await broadcast([p], now: now, solid: solid, head: head).first
        case .expired:
            if let reason = givingUp(p, now: now) { return p.moved(to: .failed, at: now, reason: reason) }
            var n = p.moved(
                to: .scheduled, at: now,
                reason: (
                    "TRANSACTION_EXPIRED",
                    "attempt \(p.attempts) (\(attempt.txid)) expired unconfirmed; a new attempt will be signed"
                ), runAt: now)
            n.attempt = nil
            return n
        }
    }

    /// Why a payout whose last attempt can no longer land gets no new one: past its deadline, or
    /// out of attempts. nil: sign again.
    func givingUp(_ p: Payout, now: Int64) -> (code: String, detail: String)? {
        let last = p.attempt.map { " (attempt \(p.attempts), \($0.txid), expired unconfirmed)" } ?? ""
        // The deadline runs from the payout's window (a weekly payout is not late before Monday).
        let due = PayoutWindow.start(p.request.batchType, now: p.createdAt)
        if configuration.payoutTimeoutMs > 0, now - due >= configuration.payoutTimeoutMs {
            return (
                "PAYOUT_TIMEOUT",
                "not paid within \(configuration.payoutTimeoutMs / 1000) s of its window's start\(last); nothing was paid and its reservation is released"
            )
        }
        if p.attempts >= 1 + configuration.maxRetryAttempts {
            return (
                "RETRY_LIMIT_REACHED",
                "\(p.attempts) attempts expired unconfirmed\(last); nothing was paid and its reservation is released"
            )
        }
        return nil
    }

    /// Fails unsigned payouts (scheduled or held) past their deadline, at most once per
    /// `timeoutSweepMs`; those signed are judged when their attempt can no longer land.
    func failOverdue(now: Int64) async throws {
        guard configuration.payoutTimeoutMs > 0, now - lastTimeoutSweep >= configuration.timeoutSweepMs else { return }
        lastTimeoutSweep = now
        let overdue = try await store.unsigned(createdBefore: now - configuration.payoutTimeoutMs, limit: 1_000)
        _ = try await store.updateAll(failing(overdue, now: now), actor: "engine")
    }

    /// The changes that fail those of `payouts` the engine gives up on (`givingUp`).
    func failing(_ payouts: [Payout], now: Int64) -> [(new: Payout, expectedVersion: Int64)] {
        payouts.compactMap { p in
            givingUp(p, now: now).map { (new: p.moved(to: .failed, at: now, reason: $0), expectedVersion: p.version) }
        }
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

    /// Sends the persisted bytes of each payout; returns the payouts the node accepted (or already
    /// had), updated as broadcast.
    func broadcast(_ payouts: [Payout], now: Int64, solid: BlockInfo, head: BlockInfo) async -> [Payout] {
        var ready: [(payout: Payout, tx: Transaction)] = []
        for p in payouts {
            if let bytes = p.attempt?.signedTransaction, let tx = try? Transaction(protobuf: bytes) {
                ready.append((p, tx))
            }
        }
        // broadcasthex sends the exact persisted bytes; the node does not rebuild them from JSON.
        sends += 1
        let calls = await node.broadcastHex(ready.map(\.tx))
        var sent: [Payout] = []
        for ((p, tx), call) in zip(ready, calls) {
            if let error = refusal(call) {
                logger.info("broadcast refused", metadata: ["payout": "\(p.id)", "error": "\(error)"])
                continue
            }
            receipts.recordSent(payoutID: p.id, txid: tx.txIDHex, chainTime: head.timestamp, solidNumber: solid.number)
            var n = p
            n.status = .broadcast
            n.attempt?.broadcastAt = now
            n.updatedAt = now
            n.version += 1
            sent.append(n)
        }
        return sent
    }

    /// Why a broadcast did not take, or nil when the node accepted the bytes or already had them
    /// (`DUP_TRANSACTION_ERROR`); feeds the breaker either way.
    func refusal(_ call: NodeCall<String>) -> FullNodeError? {
        guard case .failure(let error) = record(call.result, elapsed: call.elapsed) else { return nil }
        if case .rejected(let r) = error, r.code == .dupTransactionError { return nil }
        return error
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
