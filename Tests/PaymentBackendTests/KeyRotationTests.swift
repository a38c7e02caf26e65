import Foundation
import PaymentBackend
import TestSupport
import Testing
import TronKit

@Suite("Hot key rotation")
struct KeyRotationTests {
    @Test("after a rotation new payouts are signed by the new key; one in flight confirms under the old")
    func rotation() async throws {
        try await WalletHarness.with { h in
            let startBlock = try await h.node.getNowBlock(solid: true).number
            // Signed and broadcast by the first key, then the wallet "restarts" with a new key.
            let (inFlight, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "4"), who: WalletHarness.service, idempotencyKey: "k1")
            let sent = try await h.runUntil(inFlight.id) { $0.status == .broadcast || $0.status == .confirmed }
            #expect(sent.status == .broadcast, "the first pass broadcasts; solidity comes later")

            let newKey = PrivateKey.random()
            try await h.adminPost(
                "/admin/fund", #"{"address":"\#(newKey.address.base58)","trx":"1000","usdt":"1000"}"#)
            var config = h.engine.configuration
            config.retiredAddresses = [h.hotKey.address]
            let rotated = PayoutEngine(
                store: h.store, node: h.node, hotKey: newKey, configuration: config, clock: h.clock)
            #expect(rotated.signer(of: sent) == h.hotKey.address)

            let (fresh, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "6"), who: WalletHarness.service, idempotencyKey: "k2")
            _ = try await poll("both confirmed under the rotated engine", timeout: .seconds(30)) {
                () async throws -> Bool? in
                await rotated.runOnce()
                let a = try await h.store.payout(id: inFlight.id)
                let b = try await h.store.payout(id: fresh.id)
                return a?.status == .confirmed && b?.status == .confirmed ? true : nil
            }
            let old = await h.ledger(inFlight.id)
            let new = await h.ledger(fresh.id)
            #expect(old.count == 1 && old.first?.from == h.hotKey.address)
            #expect(new.count == 1 && new.first?.from == newKey.address)

            // Reconciliation over both addresses: clean.
            var rc = Reconciler.Configuration()
            rc.startBlock = startBlock
            let reconciler = Reconciler(
                store: h.store, node: h.node, addresses: [newKey.address, h.hotKey.address], contract: .usdtMainnet,
                configuration: rc, clock: h.clock)
            let report = try await reconciler.catchUp()
            #expect(report.isClean && report.chainTransfers == 2, "\(report.findings)")
        }
    }
}
