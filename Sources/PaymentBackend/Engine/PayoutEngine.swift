import BigInt
import Logging
import TronKit

/// Executes payouts exactly once.
///
/// Each pass (1) resolves payouts whose transaction may be on chain — confirming them from a
/// solidified receipt, re-sending the same signed bytes, or, once the transaction has expired and
/// the solid chain proves it absent, scheduling a new attempt — then (2) takes due payouts by
/// priority and age, reserves them against the limits, checks funds, signs and **persists** each
/// transaction, and only then broadcasts it.
public actor PayoutEngine {
    let store: any PayoutStore
    let node: FullNodeClient
    let hotKey: PrivateKey
    public let configuration: EngineConfiguration
    let clock: any WalletClock
    let logger: Logger
    let metrics: WalletMetrics
    public private(set) var breaker: CircuitBreaker
    private var gaugesAt: Int64 = 0
    /// When each in-flight payout's receipt was last looked up (memory only; a restart re-checks all).
    private var lastChecked: [String: Int64] = [:]
    /// The last solid and head blocks seen, reused for `chainRefreshMs`. A stale view is safe: an
    /// older solid block is still a valid TAPOS reference and proves expiry later, never earlier.
    private var chainView: (solid: BlockInfo, head: BlockInfo, at: Int64)?
    private var recovered = false
    private var energyFee: (value: Int64, fetchedAt: Int64)?

    public init(
        store: any PayoutStore, node: FullNodeClient, hotKey: PrivateKey, configuration: EngineConfiguration,
        clock: any WalletClock = SystemWalletClock(), logger: Logger = Logger(label: "lucid.wallet.engine"),
        metrics: WalletMetrics = .disabled
    ) {
        self.metrics = metrics
        self.store = store
        self.node = node
        self.hotKey = hotKey
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.breaker = configuration.breaker
    }

    /// The hot wallet's address.
    public nonisolated var hotAddress: TronAddress { hotKey.address }

    /// Runs passes until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            await runOnce()
            try? await Task.sleep(for: configuration.tickInterval)
        }
    }

    /// One pass over in-flight and due payouts. Errors are logged; the next pass retries.
    public func runOnce() async {
        do {
            if !recovered {
                try await recoverInterruptedSigning()
                recovered = true
            }
            try await resolveInFlight()
            try await executeDue()
            try await refreshGauges()
        } catch {
            logger.warning("engine pass failed", metadata: ["error": "\(error)"])
        }
    }

    private func refreshGauges() async throws {
        let now = clock.nowMs()
        guard metrics.registry != nil, now - gaugesAt >= 1_000 else { return }
        gaugesAt = now
        let counts = try await store.countByStatus()
        let pending = counts.filter { !$0.key.isTerminal }.values.reduce(0, +)
        let hour = try await store.reservedTotal(
            from: PayoutWindow.hourStart(now), to: PayoutWindow.nextHour(now), recipient: nil)
        let day = try await store.reservedTotal(
            from: PayoutWindow.dayStart(now), to: PayoutWindow.nextDay(now), recipient: nil)
        metrics.state(breakerOpen: breaker.isOpen, pending: pending, hourlyMicro: hour.value, dailyMicro: day.value)
    }

    // MARK: Admin

    public func isPaused() async throws -> Bool { try await store.setting("paused") == "true" }
    public func setPaused(_ paused: Bool) async throws {
        try await store.setSetting("paused", paused ? "true" : "false")
    }
    public func resetBreaker() { breaker.reset() }

    // MARK: Node calls through the breaker

    private func call<T>(_ body: () async throws(FullNodeError) -> T) async throws(FullNodeError) -> T {
        let started = ContinuousClock.now
        defer {
            let d = ContinuousClock.now - started
            metrics.nodeLatency(
                nanoseconds: d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000)
        }
        do {
            let value = try await body()
            breaker.recordSuccess()
            return value
        } catch {
            switch error {
            case .transport, .timeout, .httpStatus, .invalidResponse, .nodeError:
                breaker.recordFailure(now: clock.nowMs())
            case .rejected(let r) where r.code.isTransient: breaker.recordFailure(now: clock.nowMs())
            case .rejected: breaker.recordSuccess()  // the node answered; the transaction was refused
            }
            throw error
        }
    }

    // MARK: Recovery

    /// `signing` rows were never persisted as signed, so nothing was broadcast: schedule them again
    /// (their limit reservation is kept until re-reserved).
    private func recoverInterruptedSigning() async throws {
        let stuck = try await store.stuckSigning()
        let now = clock.nowMs()
        let changes = stuck.map { p in (new: p.moved(to: .scheduled, at: now, runAt: now), expectedVersion: p.version) }
        _ = try await store.updateAll(changes)
        if !stuck.isEmpty {
            logger.info("recovered payouts interrupted while signing", metadata: ["count": "\(stuck.count)"])
        }
    }

    // MARK: In flight

    private func resolveInFlight() async throws {
        let now0 = clock.nowMs()
        let all = try await store.inFlight(limit: 5_000)
        let ids = Set(all.map(\.id))
        lastChecked = lastChecked.filter { ids.contains($0.key) }
        // Signed but unsent: send now. Broadcast: look the receipt up at most once per poll interval.
        let inFlight = all.filter { p in
            p.status == .signed || now0 - (lastChecked[p.id] ?? .min / 2) >= configuration.confirmationPollMs
        }
        guard !inFlight.isEmpty else { return }
        for p in inFlight { lastChecked[p.id] = now0 }
        let (solid, _) = try await currentChainView()
        let now = clock.nowMs()

        var updates: [(new: Payout, expectedVersion: Int64)] = []
        for chunk in inFlight.chunked(configuration.concurrency) {
            let results = await withTaskGroup(of: (Payout, Result<TransactionInfo?, FullNodeError>).self) { group in
                for p in chunk {
                    group.addTask { [node] in
                        do throws(FullNodeError) {
                            return (p, .success(try await node.getTransactionInfo(id: p.attempt!.txid, solid: true)))
                        } catch {
                            return (p, .failure(error))
                        }
                    }
                }
                var out: [(Payout, Result<TransactionInfo?, FullNodeError>)] = []
                for await r in group { out.append(r) }
                return out
            }
            for (p, result) in results {
                guard let attempt = p.attempt else { continue }
                switch result {
                case .failure(let error):
                    breaker.recordFailure(now: now)
                    logger.debug("receipt lookup failed", metadata: ["payout": "\(p.id)", "error": "\(error)"])
                case .success(let info?):
                    breaker.recordSuccess()
                    updates.append((finalize(p, info: info, now: now), p.version))
                case .success(nil):
                    breaker.recordSuccess()
                    if solid.timestamp >= attempt.expiration {
                        // Expired, and the solid chain (which covers every block that could hold it) has it not.
                        var n = p.moved(
                            to: .scheduled, at: now,
                            reason: (
                                "TRANSACTION_EXPIRED",
                                "attempt \(p.attempts) (\(attempt.txid)) expired unconfirmed; a new attempt will be signed"
                            ), runAt: now)
                        n.attempt = nil
                        updates.append((n, p.version))
                    } else if p.status == .signed
                        || now - (attempt.broadcastAt ?? 0) >= configuration.rebroadcastAfterMs
                    {
                        if let n = await broadcast(p, now: now) { updates.append((n, p.version)) }
                    }
                }
            }
        }
        let written = try await store.updateAll(updates)
        for (n, _) in updates where written.contains(n.id) && n.status.isTerminal {
            metrics.outcome(n.status)
            if n.status == .confirmed {
                metrics.confirmed(microUSDT: n.request.amount.value, processingMs: now - n.createdAt)
            }
        }
    }

    /// Confirmed only on SUCCESS with the exact Transfer log; anything else is a failure with its reason.
    private func finalize(_ p: Payout, info: TransactionInfo, now: Int64) -> Payout {
        var n = p
        n.outcome = Payout.ChainOutcome(
            blockNumber: info.blockNumber, blockTime: info.blockTimeStamp,
            result: info.receipt.result ?? (info.failed ? "FAILED" : "DEFAULT"),
            feeSun: info.fee, energyUsed: info.receipt.energyUsageTotal, energyFeeSun: info.receipt.energyFee,
            netUsage: info.receipt.netUsage, netFeeSun: info.receipt.netFee)
        n.updatedAt = now
        n.version += 1
        let expected = TransferEvent(
            from: hotKey.address, to: p.request.recipient, value: BigUInt(p.request.amount.value))
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
    private func broadcast(_ p: Payout, now: Int64) async -> Payout? {
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
        var n = p
        n.status = .broadcast
        n.attempt?.broadcastAt = now
        n.updatedAt = now
        n.version += 1
        return n
    }

    // MARK: Due payouts

    private func hold(_ payouts: [Payout], code: String, detail: String, retryAt: Int64, now: Int64) async throws {
        let changes = payouts.filter { $0.reasonCode != code || $0.status != .held }.map { p in
            (new: p.moved(to: .held, at: now, reason: (code, detail), runAt: retryAt), expectedVersion: p.version)
        }
        _ = try await store.updateAll(changes)
    }

    private func executeDue() async throws {
        let now = clock.nowMs()
        let due = try await store.due(now: now, limit: configuration.batchSize)
        guard !due.isEmpty else { return }
        if try await isPaused() {
            try await hold(
                due, code: "PAYOUTS_PAUSED", detail: "payouts are paused by an administrator", retryAt: now, now: now)
            return
        }
        guard breaker.allowsCall(now: now) else {
            try await hold(
                due, code: "CIRCUIT_OPEN", detail: "the TRON node is failing; payouts resume when it recovers",
                retryAt: now + configuration.breaker.openDurationMs, now: now)
            return
        }

        // KYC route: the record must still permit the payout at execution time.
        var eligible: [Payout] = []
        var rejected: [(new: Payout, expectedVersion: Int64)] = []
        for p in due {
            if p.request.routerType == .kyc {
                let record = try await store.kyc(p.request.recipient)
                guard record?.permits(minimumLevel: configuration.limits.minimumKYCLevel, now: now) == true else {
                    let detail =
                        "the recipient has no active KYC record at level \(configuration.limits.minimumKYCLevel) or above"
                    rejected.append((p.moved(to: .rejected, at: now, reason: ("KYC_REQUIRED", detail)), p.version))
                    continue
                }
            }
            eligible.append(p)
        }
        _ = try await store.updateAll(rejected)

        let reserved = try await store.reserve(eligible, limits: configuration.limits, now: now).filter {
            $0.status == .signing
        }
        guard !reserved.isEmpty else { return }

        // One look at the chain for the whole pass: TAPOS reference, block time, funds, energy price.
        let solid: BlockInfo
        let head: BlockInfo
        let usdtBalance: BigUInt
        let trxBalance: Int64
        let price: Int64
        do {
            (solid, head) = try await currentChainView()
            let balance = try await call { () async throws(FullNodeError) in
                try await node.triggerConstantContract(
                    owner: .zero, contract: configuration.usdtContract, data: TRC20.balanceOfCall(hotKey.address))
            }
            usdtBalance = try ABIWord.decodeUInt256((balance.constantResult.first ?? [])[...])
            trxBalance =
                try await call { () async throws(FullNodeError) in try await node.getAccount(hotKey.address) }?.balance
                .value ?? 0
            price = try await energyPrice(now: now)
        } catch {
            try await sendBack(reserved, now: now)
            throw error
        }

        // One dry run per pass, to a fresh address (a new holder: the costliest transfer), sets a
        // fee_limit that covers every payout of the pass.
        let worstCaseEnergy = await estimateWorstCaseEnergy()

        var usdtLeft = usdtBalance
        var trxLeft = trxBalance
        var signed: [(new: Payout, expectedVersion: Int64)] = []
        var short: [Payout] = []
        var shortCode = ""
        for p in reserved {
            let amount = BigUInt(p.request.amount.value)
            let feeLimit = configuration.fees.feeLimit(energy: worstCaseEnergy, energyFee: price)
            let trxNeeded = feeLimit + configuration.fees.overheadPerPayout.value
            if amount > usdtLeft {
                short.append(p)
                shortCode = "INSUFFICIENT_USDT"
                continue
            }
            if trxNeeded > trxLeft {
                short.append(p)
                shortCode = shortCode.isEmpty ? "INSUFFICIENT_TRX" : shortCode
                continue
            }
            do {
                let raw = try TransactionBuilder(
                    refBlock: solid.id, timestamp: head.timestamp,
                    expiration: head.timestamp + configuration.transactionLifetimeMs
                ).trc20Transfer(
                    contract: configuration.usdtContract, from: hotKey.address, to: p.request.recipient,
                    amount: UInt64(p.request.amount.value), feeLimit: feeLimit, memo: p.id)
                let tx = try Transaction(raw: raw).signed(with: hotKey)
                var n = p
                n.status = .signed
                n.attempts += 1
                n.attempt = Payout.ChainAttempt(
                    txid: tx.txIDHex, signedTransaction: tx.protobuf, expiration: raw.expiration, feeLimit: feeLimit)
                n.reasonCode = nil
                n.reasonDetail = nil
                n.updatedAt = now
                n.version += 1
                signed.append((n, p.version))
                usdtLeft -= amount
                trxLeft -= trxNeeded
            } catch {
                logger.error("could not build a transaction", metadata: ["payout": "\(p.id)", "error": "\(error)"])
                short.append(p)
            }
        }
        if !short.isEmpty {
            try await hold(
                short, code: shortCode.isEmpty ? "BUILD_FAILED" : shortCode,
                detail: shortCode == "INSUFFICIENT_TRX"
                    ? "the hot wallet lacks TRX for fees" : "the hot wallet lacks USDT for this payout",
                retryAt: now + configuration.retryDelayMs, now: now)
        }

        // Persist every signed transaction before any of them is broadcast.
        let written = try await store.updateAll(signed)
        let toSend = signed.map(\.new).filter { written.contains($0.id) }
        var sent: [(new: Payout, expectedVersion: Int64)] = []
        for chunk in toSend.chunked(configuration.concurrency) {
            await withTaskGroup(of: Payout?.self) { group in
                for p in chunk { group.addTask { await self.broadcast(p, now: now) } }
                for await n in group { if let n { sent.append((n, n.version - 1)) } }
            }
        }
        _ = try await store.updateAll(sent)
    }

    /// Returns reserved payouts to `scheduled` when the pass could not continue (node trouble).
    private func sendBack(_ payouts: [Payout], now: Int64) async throws {
        let changes = payouts.map { p in
            (new: p.moved(to: .scheduled, at: now, runAt: now + 1_000), expectedVersion: p.version)
        }
        _ = try await store.updateAll(changes)
    }

    private func currentChainView() async throws(FullNodeError) -> (solid: BlockInfo, head: BlockInfo) {
        let now = clock.nowMs()
        if let v = chainView, now - v.at < configuration.chainRefreshMs, now >= v.at { return (v.solid, v.head) }
        let solid = try await call { () async throws(FullNodeError) in try await node.getNowBlock(solid: true) }
        let head = try await call { () async throws(FullNodeError) in try await node.getNowBlock(solid: false) }
        chainView = (solid, head, now)
        return (solid, head)
    }

    private func energyPrice(now: Int64) async throws -> Int64 {
        if let cached = energyFee, now - cached.fetchedAt < 600_000 { return cached.value }
        let params = try await call { () async throws(FullNodeError) in try await node.getChainParameters() }
        let value = params.energyFee ?? 100
        energyFee = (value, now)
        return value
    }

    /// Energy of a 1-unit transfer to a never-seen address, from `triggerconstantcontract`
    /// (0 when the dry run fails, which makes the fee policy fall back to its cap).
    private func estimateWorstCaseEnergy() async -> Int64 {
        let data = TRC20.transferCall(to: PrivateKey.random().address, amount: UInt64(1))
        guard
            let r = try? await call({ () async throws(FullNodeError) in
                try await node.triggerConstantContract(
                    owner: hotKey.address, contract: configuration.usdtContract, data: data)
            })
        else { return 0 }
        return r.energyUsed + r.energyPenalty
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: Swift.max(1, size)).map { self[$0..<Swift.min($0 + Swift.max(1, size), count)] }
    }
}
