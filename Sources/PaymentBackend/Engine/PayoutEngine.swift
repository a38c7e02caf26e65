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
    public nonisolated let configuration: EngineConfiguration
    let clock: any WalletClock
    let logger: Logger
    let metrics: WalletMetrics
    public internal(set) var breaker: CircuitBreaker
    var gaugesAt: Int64 = 0
    /// When each in-flight payout's receipt was last looked up (memory only; a restart re-checks all).
    var lastChecked: [String: Int64] = [:]
    /// The transactions sent this run and the solid blocks read for their receipts (memory only).
    var receipts = ReceiptScan()
    /// The last solid and head blocks seen, reused for `chainRefreshMs`. A stale view is safe: an
    /// older solid block is still a valid TAPOS reference and proves expiry later, never earlier.
    var chainView: (solid: BlockInfo, head: BlockInfo, at: Int64)?
    var recovered = false
    /// Payouts whose batch is being broadcast by the execute loop; the in-flight loop skips them.
    var sending: Set<String> = []
    /// Batches signed and broadcasts made so far: payouts enter the in-flight set only through these.
    var sends = 0
    /// The last in-flight pass that looked at the store: nothing in flight can change before the
    /// solid head moves, a send is made or a poll interval passes, so until then a pass is skipped.
    var lastInFlightPass: (solidNumber: Int64, sends: Int, inFlight: Int, at: Int64)?
    var energyFee: (value: Int64, fetchedAt: Int64)?
    /// Whether the node's genesis block was checked against `configuration.network` since the last
    /// lost connection (a transport failure or time-out clears it).
    var networkVerified = false
    /// When unsigned payouts were last swept for their deadline.
    var lastTimeoutSweep: Int64 = .min / 2
    /// The `timestamp` of the last staking transaction signed: each gets a later one, so that two
    /// operations with the same contract never sign the same bytes (payouts differ by their memo).
    var lastStakingTimestamp: Int64 = 0

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

    /// Runs until the task is cancelled, as a pipeline of two loops on this actor that overlap
    /// wherever one waits for the store or the node: one signs due payouts, persists them and
    /// broadcasts each batch while it signs the next; the other resolves payouts in flight.
    /// (`runOnce` does the same work as one sequential pass.)
    public func run() async {
        while !recovered, !Task.isCancelled {
            do { try await recoverOnce() } catch {
                logger.warning("recovery failed; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: configuration.tickInterval)
            }
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.executeLoop() }
            group.addTask { await self.resolveLoop() }
        }
    }

    /// Signs batch N + 1 while batch N is being broadcast; at most one batch is on the wire.
    func executeLoop() async {
        var onTheWire: Task<Void, Never>?
        while !Task.isCancelled {
            var batch: SignedBatch?
            do { batch = try await signDue() } catch {
                logger.warning("engine pass failed", metadata: ["error": "\(error)"])
            }
            await onTheWire?.value
            onTheWire = nil
            if let batch, !batch.payouts.isEmpty {
                onTheWire = Task { await self.sendLogged(batch) }
            } else {
                try? await Task.sleep(for: configuration.tickInterval)
            }
        }
        await onTheWire?.value
    }

    func sendLogged(_ batch: SignedBatch) async {
        do { try await send(batch) } catch {
            logger.warning("recording broadcasts failed", metadata: ["error": "\(error)"])
        }
    }

    func resolveLoop() async {
        await repeatUntilCancelled("engine pass", every: configuration.tickInterval, logger: logger) {
            try await resolveInFlight()
            try await runStaking()
            try await refreshGauges()
        }
    }

    /// One pass over in-flight and due payouts. Errors are logged; the next pass retries.
    public func runOnce() async {
        do {
            try await recoverOnce()
            try await resolveInFlight()
            try await executeDue()
            try await runStaking()
            try await refreshGauges()
        } catch {
            logger.warning("engine pass failed", metadata: ["error": "\(error)"])
        }
    }

    func refreshGauges() async throws {
        let now = clock.nowMs()
        guard metrics.registry != nil, now - gaugesAt >= 1_000 else { return }
        gaugesAt = now
        let counts = try await store.countByStatus()
        let pending = counts.filter { !$0.key.isTerminal }.values.reduce(0, +)
        let hour = try await store.reservedTotal(
            from: PayoutWindow.hourStart(now), to: PayoutWindow.nextHour(now), recipient: nil)
        let day = try await store.reservedTotal(
            from: PayoutWindow.dayStart(now), to: PayoutWindow.nextDay(now), recipient: nil)
        metrics.state(
            breakerOpen: breaker.isOpen, pending: pending, held: counts[.held] ?? 0, hourlyMicro: hour.value,
            dailyMicro: day.value, hourlyLimitMicro: configuration.limits.hourly.value,
            dailyLimitMicro: configuration.limits.daily.value)
    }

    // MARK: Admin

    public func isPaused() async throws -> Bool { try await store.setting("paused") == "true" }
    /// The global kill switch, audited as `admin.pause` / `admin.resume` by `actor`.
    public func setPaused(_ paused: Bool, by actor: String) async throws {
        try await store.setSetting(
            "paused", paused ? "true" : "false",
            audit: AuditEvent(
                at: clock.nowMs(), actor: actor, action: paused ? "admin.pause" : "admin.resume", subject: "payouts"))
    }
    /// Closes the breaker by hand, audited as `admin.circuit_breaker_reset` by `actor`.
    public func resetBreaker(by actor: String) async throws {
        let before = breaker.state.name
        breaker.reset()
        try await store.appendAudit([
            AuditEvent(
                at: clock.nowMs(), actor: actor, action: "admin.circuit_breaker_reset", subject: "circuit_breaker",
                detail: .object([("was", .string(before))]))
        ])
    }

    // MARK: Node calls through the breaker

    func call<T>(_ body: () async throws(FullNodeError) -> T) async throws(FullNodeError) -> T {
        let started = ContinuousClock.now
        let result: Result<T, FullNodeError>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        return try record(result, elapsed: ContinuousClock.now - started).get()
    }

    /// Feeds one node call's outcome to the latency metric and the breaker, and returns it.
    @discardableResult
    func record<T>(_ result: Result<T, FullNodeError>, elapsed: Duration) -> Result<T, FullNodeError> {
        metrics.nodeLatency(nanoseconds: elapsed.nanoseconds)
        switch result {
        case .success: breaker.recordSuccess(now: clock.nowMs())
        case .failure(let error):
            switch error {
            case .transport, .timeout:
                networkVerified = false  // a new connection may reach another node: check again
                breaker.recordFailure(now: clock.nowMs())
            case .httpStatus, .invalidResponse, .nodeError:
                breaker.recordFailure(now: clock.nowMs())
            case .rejected(let r) where r.code.isTransient: breaker.recordFailure(now: clock.nowMs())
            case .rejected: breaker.recordSuccess(now: clock.nowMs())  // the node answered; the transaction was refused
            }
        }
        return result
    }

    // MARK: Recovery

    /// Runs `recoverInterruptedSigning` once per engine, before anything is signed.
    func recoverOnce() async throws {
        guard !recovered else { return }
        try await recoverInterruptedSigning()
        try await recoverStakingSigning()
        try await recoverAfterRestore()
        recovered = true
    }

    /// `signing` rows were never persisted as signed, so nothing was broadcast: schedule them again
    /// (their limit reservation is kept until re-reserved).
    func recoverInterruptedSigning() async throws {
        let stuck = try await store.stuckSigning()
        let now = clock.nowMs()
        let changes = stuck.map { p in (new: p.moved(to: .scheduled, at: now, runAt: now), expectedVersion: p.version) }
        _ = try await store.updateAll(changes, actor: "engine")
        if !stuck.isEmpty {
            logger.info("recovered payouts interrupted while signing", metadata: ["count": "\(stuck.count)"])
        }
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: Swift.max(1, size)).map { self[$0..<Swift.min($0 + Swift.max(1, size), count)] }
    }
}
