import BigInt
import Logging
import TronKit

/// Signed and persisted transactions of one pass, ready to broadcast.
struct SignedBatch: Sendable {
    let payouts: [Payout]
    /// The pass's wall-clock time and its view of the chain.
    let now: Int64
    let solid: BlockInfo
    let head: BlockInfo
}

/// Taking due payouts through reservation, funds checks, signing, persisting and broadcasting.
extension PayoutEngine {
    // MARK: Due payouts

    func hold(_ payouts: [Payout], code: String, detail: String, retryAt: Int64, now: Int64) async throws {
        let changes = payouts.filter { $0.reasonCode != code || $0.status != .held }.map { p in
            (new: p.moved(to: .held, at: now, reason: (code, detail), runAt: retryAt), expectedVersion: p.version)
        }
        _ = try await store.updateAll(changes, actor: "engine")
    }

    /// Why the node is not on `configuration.network`, or nil when it is (asked once per connection).
    public func networkMismatch() async throws -> String? {
        guard !networkVerified else { return nil }
        let genesis = try await call { () async throws(FullNodeError) in try await node.getBlock(number: 0) }
        guard let genesis else { return "the node has no genesis block (is it synced?)" }
        let mismatch = configuration.network.mismatch(reportedGenesis: genesis.id.hex)
        networkVerified = mismatch == nil
        return mismatch
    }

    /// Signs and sends the payouts that are due (one pass, as `runOnce` does it).
    func executeDue() async throws {
        if let batch = try await signDue() { try await send(batch) }
    }

    /// Takes due payouts through reservation and funds checks, signs them and persists every signed
    /// transaction; nothing is broadcast yet. nil when nothing was signed.
    func signDue() async throws -> SignedBatch? {
        let now = clock.nowMs()
        let due = try await takeDue(now: now)
        guard !due.isEmpty, try await mayExecute(due, now: now) else { return nil }
        let eligible = try await rejectWithoutKYC(due, now: now)
        let reserved = try await store.reserve(eligible, limits: configuration.limits, now: now).filter {
            $0.status == .signing
        }
        guard !reserved.isEmpty else { return nil }
        let view: PassView
        do { view = try await passView(now: now) } catch {
            try await sendBack(reserved, now: now)
            throw error
        }
        // One dry run per pass, to a fresh address (a new holder: the costliest transfer), gives the
        // worst case of every payout of the pass; staked energy covers it while it lasts, and each
        // payout's fee_limit (and the TRX it needs) counts only the energy it may have to buy.
        let worst = await estimateWorstCaseEnergy()
        var budget = EnergyBudget(
            available: view.energyAvailable, inFlight: (lastInFlightPass?.inFlight ?? 0) + sending.count, worst: worst)
        let outcome = sign(reserved, view: view, budget: &budget, now: now)
        if !outcome.short.isEmpty {
            try await hold(
                outcome.short, code: outcome.shortCode ?? "BUILD_FAILED",
                detail: outcome.shortCode == "INSUFFICIENT_TRX"
                    ? "the hot wallet lacks TRX for fees" : "the hot wallet lacks USDT for this payout",
                retryAt: now + configuration.retryDelayMs, now: now)
        }
        return try await persist(outcome.signed, view: view, now: now)
    }

    /// The pass's view of the chain: TAPOS reference, block time, funds and the energy price, read
    /// once for the whole pass.
    struct PassView {
        let solid: BlockInfo
        let head: BlockInfo
        let usdtBalance: BigUInt
        let trxBalance: Int64
        let energyPrice: Int64
        /// Staked energy available now (`EnergyLimit − EnergyUsed`).
        let energyAvailable: Int64
    }

    /// What signing a pass's payouts gave: the signed ones (not yet persisted), and those held back
    /// for want of funds or a buildable transaction.
    struct SigningOutcome {
        var signed: [(new: Payout, expectedVersion: Int64)] = []
        var short: [Payout] = []
        /// `INSUFFICIENT_USDT` wins over `INSUFFICIENT_TRX`; nil when only building failed.
        var shortCode: String?
    }

    /// The due payouts, after failing those past their deadline (a sweep, and the late ones among
    /// the due: a payout is never signed past its deadline).
    private func takeDue(now: Int64) async throws -> [Payout] {
        try await failOverdue(now: now)
        var due = try await store.due(now: now, limit: configuration.batchSize)
        let late = failing(due, now: now)
        if !late.isEmpty {
            _ = try await store.updateAll(late, actor: "engine")
            let ids = Set(late.map(\.new.id))
            due.removeAll { ids.contains($0.id) }
        }
        return due
    }

    /// Whether payouts may be executed now; when not, `due` is held with the reason (paused, the
    /// breaker open, the node on another network).
    private func mayExecute(_ due: [Payout], now: Int64) async throws -> Bool {
        if try await isPaused() {
            try await hold(
                due, code: "PAYOUTS_PAUSED", detail: "payouts are paused by an administrator", retryAt: now, now: now)
            return false
        }
        guard breaker.allowsCall(now: now) else {
            // Due again at once: the breaker (in memory) decides each pass, so they go out on the
            // first pass after it lets calls through again, and a restart (breaker closed) too.
            try await hold(
                due, code: "CIRCUIT_OPEN", detail: "the TRON node is failing; payouts resume when it recovers",
                retryAt: now, now: now)
            return false
        }
        if let mismatch = try await networkMismatch() {
            logger.error("refusing to sign: wrong TRON network", metadata: ["problem": "\(mismatch)"])
            try await hold(
                due, code: "NETWORK_MISMATCH", detail: mismatch, retryAt: now + configuration.retryDelayMs, now: now)
            return false
        }
        return true
    }

    /// The KYC route's payouts whose recipient's record no longer permits them are rejected; the
    /// rest are returned.
    private func rejectWithoutKYC(_ due: [Payout], now: Int64) async throws -> [Payout] {
        var eligible: [Payout] = []
        var rejected: [(new: Payout, expectedVersion: Int64)] = []
        let level = configuration.limits.minimumKYCLevel
        for p in due {
            if p.request.routerType == .kyc {
                let record = try await store.kyc(p.request.recipient)
                guard record?.permits(minimumLevel: level, now: now) == true else {
                    let detail = "the recipient has no active KYC record at level \(level) or above"
                    rejected.append((p.moved(to: .rejected, at: now, reason: ("KYC_REQUIRED", detail)), p.version))
                    continue
                }
            }
            eligible.append(p)
        }
        _ = try await store.updateAll(rejected, actor: "engine")
        return eligible
    }

    /// Reads the pass's view of the chain.
    private func passView(now: Int64) async throws -> PassView {
        let (solid, head) = try await currentChainView()
        let balance = try await call { () async throws(FullNodeError) in
            try await node.triggerConstantContract(
                owner: .zero, contract: configuration.usdtContract, data: TRC20.balanceOfCall(hotKey.address))
        }
        let usdt = try ABIWord.decodeUInt256((balance.constantResult.first ?? [])[...])
        let trx =
            try await call { () async throws(FullNodeError) in try await node.getAccount(hotKey.address) }?.balance
            .value ?? 0
        let energy = try await call { () async throws(FullNodeError) in
            try await node.getAccountResource(hotKey.address)
        }.energyAvailable
        return PassView(
            solid: solid, head: head, usdtBalance: usdt, trxBalance: trx, energyPrice: try await energyPrice(now: now),
            energyAvailable: energy)
    }

    /// Signs each reserved payout while the funds of the view last (USDT for the amount, TRX for
    /// the fee limit and overhead), in order; staked energy lowers each one's fee limit while it lasts.
    private func sign(_ reserved: [Payout], view: PassView, budget: inout EnergyBudget, now: Int64) -> SigningOutcome {
        var outcome = SigningOutcome()
        var usdtLeft = view.usdtBalance
        var trxLeft = view.trxBalance
        for p in reserved {
            let covered = budget.nextCoverage
            // No dry-run figure (0): the fee policy's cap, as without stake.
            let feeLimit =
                budget.worst > 0
                ? configuration.fees.feeLimit(energy: budget.energyToBuy(covered: covered), energyFee: view.energyPrice)
                : configuration.fees.cap.value
            let trxNeeded = feeLimit + configuration.fees.overheadPerPayout.value
            let amount = BigUInt(p.request.amount.value)
            guard amount <= usdtLeft else {
                outcome.short.append(p)
                outcome.shortCode = "INSUFFICIENT_USDT"
                continue
            }
            guard trxNeeded <= trxLeft else {
                outcome.short.append(p)
                outcome.shortCode = outcome.shortCode ?? "INSUFFICIENT_TRX"
                continue
            }
            do {
                outcome.signed.append((try signed(p, view: view, feeLimit: feeLimit, now: now), p.version))
                usdtLeft -= amount
                trxLeft -= trxNeeded
                budget.take(covered)
            } catch {
                logger.error("could not build a transaction", metadata: ["payout": "\(p.id)", "error": "\(error)"])
                outcome.short.append(p)
            }
        }
        return outcome
    }

    /// `p` with its transfer built and signed: the txid, the signed bytes to re-send, the expiry.
    private func signed(_ p: Payout, view: PassView, feeLimit: Int64, now: Int64) throws -> Payout {
        let raw = try TransactionBuilder(
            refBlock: view.solid.id, timestamp: view.head.timestamp,
            expiration: view.head.timestamp + configuration.transactionLifetimeMs
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
        return n
    }

    /// Persists every signed transaction before any of them is broadcast. They are marked as being
    /// sent first, so that the in-flight loop leaves them to this pass.
    private func persist(_ signed: [(new: Payout, expectedVersion: Int64)], view: PassView, now: Int64) async throws
        -> SignedBatch
    {
        let ids = Set(signed.map(\.new.id))
        sending.formUnion(ids)
        sends += 1
        let written: Set<String>
        do { written = try await store.updateAll(signed, actor: "engine") } catch {
            sending.subtract(ids)
            throw error
        }
        sending.subtract(ids.subtracting(written))
        return SignedBatch(
            payouts: signed.map(\.new).filter { written.contains($0.id) }, now: now, solid: view.solid, head: view.head)
    }

    /// Broadcasts a persisted batch (at most `maxConnectionsPerHost` sends at a time) and records the
    /// sends. Its payouts are left to `resolveInFlight` only once this returns.
    func send(_ batch: SignedBatch) async throws {
        guard !batch.payouts.isEmpty else { return }
        defer { sending.subtract(batch.payouts.map(\.id)) }
        let sent = await broadcast(batch.payouts, now: batch.now, solid: batch.solid, head: batch.head)
        _ = try await store.updateAll(sent.map { ($0, $0.version - 1) }, actor: "engine")
    }

    /// Returns reserved payouts to `scheduled` when the pass could not continue (node trouble).
    func sendBack(_ payouts: [Payout], now: Int64) async throws {
        let changes = payouts.map { p in
            (new: p.moved(to: .scheduled, at: now, runAt: now + 1_000), expectedVersion: p.version)
        }
        _ = try await store.updateAll(changes, actor: "engine")
    }

    func currentChainView() async throws(FullNodeError) -> (solid: BlockInfo, head: BlockInfo) {
        let now = clock.nowMs()
        if let v = chainView, now - v.at < configuration.chainRefreshMs, now >= v.at { return (v.solid, v.head) }
        let solid = try await call { () async throws(FullNodeError) in try await node.getNowBlock(solid: true) }
        let head = try await call { () async throws(FullNodeError) in try await node.getNowBlock(solid: false) }
        chainView = (solid, head, now)
        return (solid, head)
    }

    func energyPrice(now: Int64) async throws -> Int64 {
        if let cached = energyFee, now - cached.fetchedAt < 600_000 { return cached.value }
        let params = try await call { () async throws(FullNodeError) in try await node.getChainParameters() }
        let value = params.energyFee ?? 100
        energyFee = (value, now)
        return value
    }

    /// Energy of a 1-unit transfer to a never-seen address, from `triggerconstantcontract`
    /// (0 when the dry run fails, which makes the fee policy fall back to its cap).
    func estimateWorstCaseEnergy() async -> Int64 {
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
