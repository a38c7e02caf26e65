import Foundation
import PaymentBackend
import TestSupport
import Testing
import TronKit

@Suite("Reconciliation against tron-devnet")
struct ReconciliationTests {
    /// Signs and broadcasts a USDT transfer from the hot wallet without the wallet knowing.
    static func sendBehindTheWalletsBack(_ h: WalletHarness, to: TronAddress, micro: UInt64, memo: String?)
        async throws -> String
    {
        let solid = try await h.node.getNowBlock(solid: true)
        let head = try await h.node.getNowBlock()
        let raw = try TransactionBuilder(
            refBlock: solid.id, timestamp: head.timestamp, expiration: head.timestamp + 60_000
        ).trc20Transfer(
            contract: .usdtMainnet, from: h.hotKey.address, to: to, amount: micro, feeLimit: 50_000_000, memo: memo)
        let tx = try Transaction(raw: raw).signed(with: h.hotKey)
        let txid = try await h.node.broadcast(tx)
        _ = try await poll("the transfer solid", timeout: .seconds(20)) { () async throws -> Bool? in
            try await h.node.getTransactionInfo(id: txid, solid: true) != nil ? true : nil
        }
        return txid
    }

    @Test("a clean ledger is stated as such; an injected transfer and a confirmed row with no transfer are found")
    func findings() async throws {
        try await WalletHarness.with { h in
            // From the current solid block: the scan reads one block per call, so start near the work.
            var config = Reconciler.Configuration()
            config.startBlock = try await h.node.getNowBlock(solid: true).number
            let reconciler = Reconciler(
                store: h.store, node: h.node, addresses: [h.hotKey.address], contract: .usdtMainnet,
                configuration: config, clock: h.clock)
            var paid: [Payout] = []
            for (i, amount) in ["5", "2.5"].enumerated() {
                let (p, _) = try await h.service.create(
                    try h.request(PrivateKey.random().address, amount), who: WalletHarness.service,
                    idempotencyKey: "r\(i)")
                paid.append(try await h.runUntil(p.id) { $0.status == .confirmed })
            }
            // The periodic job and an on-demand refresh may scan at once: nothing is counted twice.
            async let first: Void = { while try await reconciler.scan() > 0 {} }()
            async let second: Void = { while try await reconciler.scan() > 0 {} }()
            _ = try await (first, second)
            let clean = try await reconciler.report()
            #expect(clean.isClean)
            #expect(clean.chainTransfers == 2 && clean.chainTotal == MicroUSDT(7_500_000))
            #expect(clean.ledgerConfirmed == 2 && clean.ledgerTotal == MicroUSDT(7_500_000))
            #expect(clean.statement.hasPrefix("The ledger and the chain agree"))
            #expect(clean.statement.contains("2 transfers, 7.5 USDT"))

            // 1. Someone with the key pays 9 USDT behind the wallet's back.
            let stranger = PrivateKey.random().address
            let injected = try await Self.sendBehindTheWalletsBack(h, to: stranger, micro: 9_000_000, memo: nil)
            // 2. …and pays the first payout a second time, for a different amount.
            let again = try await Self.sendBehindTheWalletsBack(
                h, to: paid[0].request.recipient, micro: 1_000_000, memo: paid[0].id)
            // 3. A ledger row says confirmed, but its transaction never reached the chain.
            let (ghost, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "3"), who: WalletHarness.service, idempotencyKey: "ghost")
            var p = ghost
            let block = try await h.node.getNowBlock(solid: true).number
            for next in [PayoutStatus.signing, .signed, .broadcast, .confirmed] {
                var n = p.moved(to: next, at: h.clock.nowMs())
                if next == .signed {
                    n.attempts = 1
                    n.attempt = .init(
                        txid: String(repeating: "ab", count: 32), signedTransaction: [1], expiration: 0, feeLimit: 1)
                }
                if next == .confirmed {
                    n.outcome = .init(
                        blockNumber: block, blockTime: 0, result: "SUCCESS", feeSun: 0, energyUsed: 0, energyFeeSun: 0,
                        netUsage: 0, netFeeSun: 0)
                }
                #expect(try await h.store.update(n, expectedVersion: p.version, actor: "mallory"))
                p = n
            }

            let report = try await reconciler.catchUp()
            #expect(!report.isClean)
            let kinds = report.findings.map { "\($0.kind.rawValue) \($0.payoutID ?? $0.txid ?? "")" }.sorted()
            #expect(
                kinds
                    == [
                        "amount_mismatch \(paid[0].id)", "duplicate_payment \(paid[0].id)",
                        "paid_not_recorded \(injected)",
                        "recorded_not_on_chain \(ghost.id)",
                    ].sorted(), "\(report.findings)")
            let unrecorded = try #require(report.findings.first { $0.kind == .paidNotRecorded })
            #expect(unrecorded.chainAmount == MicroUSDT(9_000_000) && unrecorded.detail.contains(stranger.base58))
            #expect(report.findings.first { $0.kind == .amountMismatch }?.txid == again)
            #expect(report.chainTransfers == 4 && report.chainTotal == MicroUSDT(17_500_000))
            #expect(report.ledgerConfirmed == 3 && report.ledgerTotal == MicroUSDT(10_500_000))
        }
    }
}
