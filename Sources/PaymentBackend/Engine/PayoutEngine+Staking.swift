import Logging
import TronKit

/// Staking operations through the payout engine's machinery: the same hot key, breaker, network
/// check, pause switch and chain view; persisted signed bytes before any broadcast; the same bytes
/// re-sent; a new attempt only once the last is expired and proven absent (`AttemptStep`).
extension PayoutEngine {
    /// Most operations signed in one pass (they are rare and run one after another).
    static let stakingBatch = 10

    /// One pass over staking operations: those in flight first, then those due.
    /// Staking passes run one at a time on this actor, so an operation still `signing` at the start
    /// of one was left by a pass that failed to record it: it is scheduled again (one read of the
    /// store serves that and the operations in flight).
    func runStaking() async throws {
        let open = try await store.stakingInFlight()
        try await reschedule(open.filter { $0.status == .signing })
        try await resolveStakingInFlight(open.filter { $0.status.mayBeOnChain })
        try await executeStakingDue()
    }

    /// Operations left `signing` by a crash had nothing persisted as signed, so nothing was sent:
    /// schedule them again (before anything is signed at start-up).
    func recoverStakingSigning() async throws {
        try await reschedule(try await store.stakingInFlight().filter { $0.status == .signing })
    }

    private func reschedule(_ stuck: [StakingOperation]) async throws {
        let now = clock.nowMs()
        _ = try await store.updateStaking(
            stuck.map { ($0.moved(to: .scheduled, at: now), $0.version) }, actor: "engine")
    }

    /// Signs and sends the operations that are due, each validated by the node first: one the chain
    /// would refuse fails with java-tron's message and nothing is signed.
    func executeStakingDue() async throws {
        let now = clock.nowMs()
        let due = try await store.dueStaking(now: now, limit: Self.stakingBatch)
        guard !due.isEmpty, try await !isPaused(), breaker.allowsCall(now: now), try await networkMismatch() == nil
        else { return }
        let (solid, head) = try await currentChainView()
        for op in due {
            let signing = op.moved(to: .signing, at: now)
            guard try await store.updateStaking([(signing, op.version)], actor: "engine").contains(op.id) else {
                continue
            }
            let next = await sign(signing, solid: solid, head: head, now: now)
            guard try await store.updateStaking([(next, signing.version)], actor: "engine").contains(op.id),
                next.status == .signed
            else { continue }
            if let sent = await broadcast(next, head: head, now: now) {
                _ = try await store.updateStaking([(sent, next.version)], actor: "engine")
            }
        }
    }

    /// `op` (signing) checked by the node and signed — or failed with the chain's refusal, or
    /// scheduled again when the node cannot be asked.
    private func sign(_ op: StakingOperation, solid: BlockInfo, head: BlockInfo, now: Int64) async -> StakingOperation {
        let contract = op.request.contract(owner: hotKey.address)
        let refusal: String?
        do {
            refusal = try await call { () async throws(FullNodeError) in try await node.contractRefusal(contract) }
        } catch {
            logger.info("staking check failed; retrying", metadata: ["operation": "\(op.id)", "error": "\(error)"])
            var n = op.moved(to: .scheduled, at: now, reason: ("TRON_NODE_UNAVAILABLE", "\(error)"))
            n.scheduledFor = now + configuration.retryDelayMs
            return n
        }
        if let refusal { return op.moved(to: .failed, at: now, reason: ("CHAIN_REFUSED", refusal)) }
        do {
            // The chain's time, made unique per transaction (`lastStakingTimestamp`), and the
            // lifetime counted from it. (Should a restart sign the same contract at the same chain
            // time as before it, the store refuses the second txid and the operation is simply
            // signed again on a later pass.)
            let timestamp = max(head.timestamp, lastStakingTimestamp + 1)
            lastStakingTimestamp = timestamp
            let raw = try TransactionBuilder(
                refBlock: solid.id, timestamp: timestamp, expiration: timestamp + configuration.transactionLifetimeMs
            ).build(contract: contract)
            let tx = try Transaction(raw: raw).signed(with: hotKey)
            var n = op.moved(to: .signed, at: now)
            n.attempts += 1
            n.attempt = Payout.ChainAttempt(
                txid: tx.txIDHex, signedTransaction: tx.protobuf, expiration: raw.expiration, feeLimit: 0)
            return n
        } catch {
            return op.moved(to: .failed, at: now, reason: ("BUILD_FAILED", error.reason))
        }
    }

    /// Sends the persisted bytes; the operation as broadcast when the node took them.
    private func broadcast(_ op: StakingOperation, head: BlockInfo, now: Int64) async -> StakingOperation? {
        guard let bytes = op.attempt?.signedTransaction, let tx = try? Transaction(protobuf: bytes) else { return nil }
        sends += 1
        guard let call = await node.broadcastHex([tx]).first else { return nil }
        if let error = refusal(call) {
            logger.info("staking broadcast refused", metadata: ["operation": "\(op.id)", "error": "\(error)"])
            return nil
        }
        var n = op.moved(to: .broadcast, at: now, reason: nil)
        n.attempt?.broadcastAt = now
        return n
    }

    /// After a restore (once every earlier transaction has landed or expired): an unfinished
    /// operation whose own transaction is on the solid chain is finalized from it; any other is
    /// failed `RESTORE_UNCERTAIN`, since the run after the backup may have executed it with an
    /// attempt the restored ledger does not know — it is never signed again. Returns the ids failed.
    func settleStakingAfterRestore() async throws -> [String] {
        var open: [StakingOperation] = []
        var cursor: String?
        repeat {
            let page = try await store.stakingOperations(limit: 500, beforeID: cursor)
            open += page.filter { !$0.status.isTerminal }
            cursor = page.count == 500 ? page.last?.id : nil
        } while cursor != nil
        let now = clock.nowMs()
        var changes: [(new: StakingOperation, expectedVersion: Int64)] = []
        for op in open {
            if let txid = op.attempt?.txid,
                let info = try await call({ () async throws(FullNodeError) in
                    try await node.getTransactionInfo(id: txid, solid: true)
                })
            {
                changes.append((finalize(op, info: info, now: now), op.version))
                continue
            }
            let detail =
                "the ledger was restored from a backup and the run after it may have executed this operation; "
                + "compare GET /api/v1/staking/status with the chain and create it again if it is still wanted"
            changes.append((op.moved(to: .failed, at: now, reason: ("RESTORE_UNCERTAIN", detail)), op.version))
        }
        _ = try await store.updateStaking(changes, actor: "engine")
        return changes.filter { $0.new.status == .failed && $0.new.reasonCode == "RESTORE_UNCERTAIN" }.map(\.new.id)
    }

    /// Confirms, re-sends or re-schedules each operation in flight (signed or broadcast).
    func resolveStakingInFlight(_ inFlight: [StakingOperation]) async throws {
        guard !inFlight.isEmpty else { return }
        let (solid, head) = try await currentChainView()
        let now = clock.nowMs()
        var changes: [(new: StakingOperation, expectedVersion: Int64)] = []
        for op in inFlight {
            guard let attempt = op.attempt else { continue }
            let info: TransactionInfo?
            do {
                info = try await call { () async throws(FullNodeError) in
                    try await node.getTransactionInfo(id: attempt.txid, solid: true)
                }
            } catch { continue }
            let step = attempt.nextStep(
                found: info != nil, sent: op.status == .broadcast, solidTime: solid.timestamp, now: now,
                rebroadcastAfterMs: configuration.rebroadcastAfterMs)
            switch step {
            case .finalize: if let info { changes.append((finalize(op, info: info, now: now), op.version)) }
            case .resend: if let sent = await broadcast(op, head: head, now: now) { changes.append((sent, op.version)) }
            case .wait: break
            case .expired:
                if op.attempts >= 1 + configuration.maxRetryAttempts {
                    let detail = "\(op.attempts) attempts expired unconfirmed (last \(attempt.txid)); nothing landed"
                    changes.append(
                        (op.moved(to: .failed, at: now, reason: ("RETRY_LIMIT_REACHED", detail)), op.version))
                } else {
                    var n = op.moved(
                        to: .scheduled, at: now,
                        reason: (
                            "TRANSACTION_EXPIRED",
                            "attempt \(op.attempts) (\(attempt.txid)) expired unconfirmed; a new attempt will be signed"
                        ))
                    n.attempt = nil
                    changes.append((n, op.version))
                }
            }
        }
        _ = try await store.updateStaking(changes, actor: "engine")
    }

    /// Confirmed when the chain executed it; failed with the chain's result otherwise.
    func finalize(_ op: StakingOperation, info: TransactionInfo, now: Int64) -> StakingOperation {
        let ok = !info.failed && (info.receipt.result == nil || info.receipt.result == "SUCCESS")
        var n =
            ok
            ? op.moved(to: .confirmed, at: now)
            : op.moved(
                to: .failed, at: now,
                reason: (info.receipt.result ?? "FAILED", info.resMessage ?? "the transaction failed on chain"))
        n.outcome = Payout.ChainOutcome(
            blockNumber: info.blockNumber, blockTime: info.blockTimeStamp,
            result: info.receipt.result ?? (info.failed ? "FAILED" : "SUCCESS"), feeSun: info.fee,
            energyUsed: info.receipt.energyUsageTotal, energyFeeSun: info.receipt.energyFee,
            netUsage: info.receipt.netUsage, netFeeSun: info.receipt.netFee)
        n.withdrawnSun = info.withdrawAmount + info.withdrawExpireAmount
        return n
    }
}
