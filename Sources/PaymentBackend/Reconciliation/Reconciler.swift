import BigInt
import Logging
import TronKit

/// Reconciles the ledger with the chain. `scan` reads solid blocks in order (one
/// `gettransactioninfobyblocknum` per block), keeps every USDT Transfer log sent from the hot
/// wallet with its memo, and records how far it got; `report` matches those transfers with payouts
/// by txid and memo. Runs periodically and on demand (`GET /api/v1/reconciliation?refresh=true`).
public struct Reconciler: Sendable {
    /// Where to start and how much to read per run.
    public struct Configuration: Sendable {
        /// The first block to scan when nothing was scanned yet; nil starts at the current solid head
        /// (set it to the go-live block on mainnet).
        public var startBlock: Int64?
        /// Most blocks read per run.
        public var maxBlocksPerRun = 2_000

        public init() {}
    }

    static let checkpointKey = "reconciliation.scanned_through"
    /// Blocks between two saved checkpoints within one run.
    static let checkpointEvery = 100
    static let startKey = "reconciliation.start_block"

    let store: any PayoutStore
    let node: FullNodeClient
    /// The hot wallet's addresses (the current key and any retired one still finishing payouts).
    let addresses: Set<TronAddress>
    let contract: TronAddress
    let configuration: Configuration
    let clock: any WalletClock
    let logger: Logger

    public init(
        store: any PayoutStore, node: FullNodeClient, addresses: Set<TronAddress>, contract: TronAddress,
        configuration: Configuration = .init(), clock: any WalletClock = SystemWalletClock(),
        logger: Logger = Logger(label: "lucid.wallet.reconciliation")
    ) {
        self.clock = clock
        self.store = store
        self.node = node
        self.addresses = addresses
        self.contract = contract
        self.configuration = configuration
        self.logger = logger
    }

    /// Reads the next solid blocks; returns how many were read. Safe to run concurrently (the
    /// periodic job and an on-demand refresh): transfers are keyed by (txid, log index) and the
    /// checkpoint only moves forward.
    @discardableResult
    public func scan() async throws -> Int {
        let solid = try await node.getNowBlock(solid: true).number
        let start: Int64
        if let s = try await store.setting(Self.startKey).flatMap({ Int64($0) }) {
            start = s
        } else {
            start = configuration.startBlock ?? solid
            try await store.setSetting(
                Self.startKey, String(start),
                audit: AuditEvent(
                    at: clock.nowMs(), actor: "reconciler", action: "reconciliation.started", subject: "chain",
                    detail: .object([("start_block", .int(start))])))
        }
        let done = try await store.setting(Self.checkpointKey).flatMap { Int64($0) } ?? (start - 1)
        guard done < solid else { return 0 }
        let last = min(solid, done + Int64(configuration.maxBlocksPerRun))
        var found: [ChainTransfer] = []
        var through = done
        // Progress is saved every `checkpointEvery` blocks, so a node error mid-run loses little.
        for number in (done + 1)...last {
            for info in try await node.getTransactionInfos(blockNumber: number, solid: true) {
                var ours: [(index: Int, event: TransferEvent)] = []
                for (index, log) in info.logs.enumerated() where log.address == contract {
                    if let e = try? TransferEvent(topics: log.topics, data: log.data), addresses.contains(e.from) {
                        ours.append((index, e))
                    }
                }
                guard !ours.isEmpty else { continue }
                let memo = try await node.getTransaction(id: info.id)?.transaction.raw.memo
                for (index, event) in ours {
                    let amount = event.value > BigUInt(Int64.max) ? Int64.max : Int64(event.value)
                    found.append(
                        ChainTransfer(
                            txid: info.id, logIndex: index, blockNumber: info.blockNumber,
                            blockTime: info.blockTimeStamp, from: event.from, to: event.to, amount: MicroUSDT(amount),
                            memo: memo))
                }
            }
            through = number
            if (number - done) % Int64(Self.checkpointEvery) == 0 || number == last {
                try await store.recordChainScan(found, through: through)
                found = []
            }
        }
        return Int(through - done)
    }

    /// Scans up to the current solid block, then reports (the periodic job and `?refresh=true`).
    public func catchUp() async throws -> ReconciliationReport {
        while try await scan() > 0 {}
        return try await report()
    }

    /// Compares everything scanned so far with the ledger.
    public func report() async throws -> ReconciliationReport {
        let start = try await store.setting(Self.startKey).flatMap { Int64($0) } ?? 0
        let through = try await store.setting(Self.checkpointKey).flatMap { Int64($0) } ?? (start - 1)
        var report = ReconciliationReport(fromBlock: start, throughBlock: through)
        guard through >= start else { return report }
        let transfers = try await store.chainTransfers(blocks: start...through)
        let confirmed = try await store.confirmedPayouts(blocks: start...through)
        report.chainTransfers = transfers.count
        report.chainTotal = MicroUSDT(transfers.reduce(0) { $0 + $1.amount.value })
        report.ledgerConfirmed = confirmed.count
        report.ledgerTotal = MicroUSDT(confirmed.reduce(0) { $0 + $1.request.amount.value })

        // Each chain transfer must belong to a payout: by the txid of one of its attempts, else by memo.
        let byTxid = try await store.payoutIDs(txids: transfers.map(\.txid))
        let candidates = Set(transfers.compactMap { byTxid[$0.txid] ?? $0.memo })
        let payouts = Dictionary(
            uniqueKeysWithValues: try await store.payouts(ids: Array(candidates)).map { ($0.id, $0) })
        var transfersPerPayout: [String: [ChainTransfer]] = [:]
        for t in transfers {
            guard let id = byTxid[t.txid] ?? t.memo, let p = payouts[id] else {
                report.findings.append(
                    .init(
                        kind: .paidNotRecorded, payoutID: nil, txid: t.txid, blockNumber: t.blockNumber,
                        chainAmount: t.amount, ledgerAmount: nil,
                        detail:
                            "\(t.amount.decimalString) USDT to \(t.to.base58) with \(t.memo.map { "memo \"\($0)\"" } ?? "no memo"): no payout accounts for it"
                    ))
                continue
            }
            transfersPerPayout[id, default: []].append(t)
            if ![.confirmed, .signed, .broadcast].contains(p.status) {
                report.findings.append(
                    .init(
                        kind: .paidNotRecorded, payoutID: id, txid: t.txid, blockNumber: t.blockNumber,
                        chainAmount: t.amount, ledgerAmount: p.request.amount,
                        detail: "paid on chain but the ledger says \(p.status.rawValue)"))
            }
            if t.amount != p.request.amount {
                report.findings.append(
                    .init(
                        kind: .amountMismatch, payoutID: id, txid: t.txid, blockNumber: t.blockNumber,
                        chainAmount: t.amount, ledgerAmount: p.request.amount,
                        detail:
                            "the chain moved \(t.amount.decimalString) USDT, the ledger \(p.request.amount.decimalString)"
                    ))
            }
            if t.to != p.request.recipient {
                report.findings.append(
                    .init(
                        kind: .recipientMismatch, payoutID: id, txid: t.txid, blockNumber: t.blockNumber,
                        chainAmount: t.amount, ledgerAmount: p.request.amount,
                        detail: "paid to \(t.to.base58), the ledger says \(p.request.recipient.base58)"))
            }
        }
        for (id, list) in transfersPerPayout where list.count > 1 {
            report.findings.append(
                .init(
                    kind: .duplicatePayment, payoutID: id, txid: list.map(\.txid).joined(separator: ","),
                    blockNumber: list.first?.blockNumber,
                    chainAmount: MicroUSDT(list.reduce(0) { $0 + $1.amount.value }),
                    ledgerAmount: payouts[id]?.request.amount, detail: "\(list.count) transfers for one payout"))
        }
        // Each confirmed payout must have its transfer on the solid chain.
        let onChain = Set(transfers.map(\.txid))
        for p in confirmed where !(p.attempt.map { onChain.contains($0.txid) } ?? false) {
            report.findings.append(
                .init(
                    kind: .recordedNotOnChain, payoutID: p.id, txid: p.attempt?.txid,
                    blockNumber: p.outcome?.blockNumber,
                    chainAmount: nil, ledgerAmount: p.request.amount,
                    detail:
                        "confirmed in the ledger at block \(p.outcome?.blockNumber ?? -1), but no such transfer on chain"
                ))
        }
        return report
    }
}
