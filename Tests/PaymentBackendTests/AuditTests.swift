import Foundation
import PaymentBackend
import Testing
import TronKit

@Suite("Audit chain")
struct AuditTests {
    @Test("every state change and admin action is chained, in order, with its actor")
    func chainedHistory() async throws {
        try await WalletHarness.with { h in
            let to = PrivateKey.random().address
            let (paid, _) = try await h.service.create(
                try h.request(to, "12.5"), who: WalletHarness.service, idempotencyKey: "a1")
            try await h.runUntil(paid.id) { $0.status == .confirmed }
            let (later, _) = try await h.service.create(
                try h.request(to, "1", batch: .daily), who: WalletHarness.service, idempotencyKey: "a2")
            _ = try await h.service.cancel(later.id, who: WalletHarness.service)
            try await h.engine.setPaused(true, by: "root")
            try await h.engine.setPaused(false, by: "root")
            try await h.engine.resetBreaker(by: "root")
            try await h.store.putKYC(
                KYCRecord(
                    address: to, kycID: "k-1", level: 2, status: .active, verifiedAt: 0, expiresAt: h.clock.nowMs() + 1),
                actor: "officer", at: h.clock.nowMs())

            var q = AuditQuery()
            q.subject = paid.id
            let history = try await h.store.audit(q)
            #expect(
                history.map(\.action) == [
                    "payout.created", "payout.signing", "payout.signed", "payout.broadcast", "payout.confirmed",
                ])
            #expect(history.first?.actor == "lucid-gateway#svc-payouts" && history.last?.actor == "engine")
            #expect(history.last?.detail.contains(#""result":"SUCCESS""#) == true)

            q = AuditQuery()
            q.subject = later.id
            #expect(
                try await h.store.audit(q).map { "\($0.action) by \($0.actor)" } == [
                    "payout.created by lucid-gateway#svc-payouts", "payout.cancelled by lucid-gateway#svc-payouts",
                ])
            q = AuditQuery()
            q.action = "admin."
            #expect(
                try await h.store.audit(q).map(\.action) == [
                    "admin.pause", "admin.resume", "admin.circuit_breaker_reset",
                ])
            q = AuditQuery()
            q.action = "kyc.active"
            #expect(try await h.store.audit(q).map(\.actor) == ["officer"])

            let (chain, broken) = try await h.store.verifyAudit(pageSize: 3)  // several pages
            #expect(broken == nil)
            #expect(chain.count == chain.lastSeq && chain.count >= 11)
        }
    }

    @Test("the chain check names an altered entry, a forged link and a deleted entry")
    func breaks() {
        var entries: [AuditEntry] = []
        var previous = AuditEntry.genesisHash
        for seq in Int64(1)...5 {
            let e = AuditEntry(
                seq: seq, at: seq * 1000, actor: "engine", action: "payout.signed", subject: "po_\(seq)",
                detail: #"{"n":\#(seq)}"#, previousHash: previous)
            entries.append(e)
            previous = e.hash
        }
        func firstBreak(_ list: [AuditEntry]) -> AuditChain.Break? {
            var chain = AuditChain()
            for e in list { if let b = chain.check(e) { return b } }
            return nil
        }
        #expect(firstBreak(entries) == nil)
        var altered = entries
        altered[2].detail = #"{"n":300}"#
        #expect(firstBreak(altered)?.seq == 3)
        var relinked = entries
        relinked[3] = AuditEntry(
            seq: 4, at: 4000, actor: "mallory", action: "payout.signed", subject: "po_4", detail: "{}",
            previousHash: entries[2].hash)  // a well-formed replacement…
        #expect(firstBreak(relinked)?.seq == 5)  // …breaks the next link
        var deleted = entries
        deleted.remove(at: 1)
        #expect(firstBreak(deleted)?.seq == 3)
    }

    @Test("CSV export neutralises formulas and quotes separators")
    func csv() {
        #expect(AuditJSON.csvField("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        #expect(AuditJSON.csvField("+1") == "\"'+1\"")
        #expect(AuditJSON.csvField("@SUM(A1)") == "\"'@SUM(A1)\"")
        #expect(AuditJSON.csvField("a,b") == "\"a,b\"")
        #expect(AuditJSON.csvField("payout.created") == "payout.created")
    }
}
