import Foundation
import LucidAssertion
import LucidJSON
import PaymentBackend
import Testing
import TronKit

/// Who owns what: principals are issuer + subject, and what a caller may see follows the scope the
/// gateway put in its assertion — never the role's name.
@Suite("Ownership by issuer and scope")
struct OwnershipTests {
    static let writer: Set<String> = ["payment:create", "payment:read", "payment:list"]

    func withService(_ body: (PayoutService) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("own-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLitePayoutStore(path: dir.appendingPathComponent("s.sqlite").path)
        try await body(PayoutService(store: store, limits: PayoutLimits(), clock: SystemWalletClock()))
    }

    func who(
        _ issuer: String, _ subject: String, role: String, scope: Principal.Scope, permissions: Set<String> = writer
    ) -> Principal {
        Principal(
            issuer: issuer, subject: subject, role: role, permissions: permissions, scope: scope, requestID: "r")
    }

    func request(_ amount: String, user: String? = nil, userIssuer: String? = nil, node: String? = nil) throws
        -> PayoutRequest
    {
        var members: [(String, JSONValue)] = [
            ("recipient_address", .string(PrivateKey.random().address.base58)), ("amount_usdt", .string(amount)),
        ]
        if let user { members.append(("user_id", .string(user))) }
        if let userIssuer { members.append(("user_issuer", .string(userIssuer))) }
        if let node { members.append(("node_id", .string(node))) }
        return try PayoutRequest.parse(.object(members))
    }

    @Test("the same subject and Idempotency-Key under another issuer is another caller: no replay")
    func idempotencyIsPerIssuer() async throws {
        try await withService { service in
            let svc = who("lucid-gateway", "sa_1", role: "service", scope: .all)
            let impostor = who("https://other.example", "sa_1", role: "service", scope: .all)
            let r = try request("5")
            let (first, replayed) = try await service.create(r, who: svc, idempotencyKey: "k-1")
            #expect(!replayed)
            #expect(first.createdBy == "lucid-gateway#sa_1")
            let (other, otherReplayed) = try await service.create(r, who: impostor, idempotencyKey: "k-1")
            #expect(!otherReplayed)
            #expect(other.id != first.id)
            // The owner's own retry still replays.
            let (again, againReplayed) = try await service.create(r, who: svc, idempotencyKey: "k-1")
            #expect(againReplayed && again.id == first.id)
        }
    }

    @Test("an own_user caller sees only its user id within its own issuer")
    func endUsersAreNamespaced() async throws {
        try await withService { service in
            let svc = who("lucid-gateway", "sa_1", role: "service", scope: .all)
            let (mine, _) = try await service.create(try request("3", user: "u1"), who: svc, idempotencyKey: "a")
            #expect(mine.request.userIssuer == "lucid-gateway")
            let (idps, _) = try await service.create(
                try request("4", user: "u1", userIssuer: "https://idp.example"), who: svc, idempotencyKey: "b")
            let reader: Set<String> = ["payment:read", "payment:list"]
            let local = who("lucid-gateway", "u1", role: "end_user", scope: .ownUser, permissions: reader)
            let foreign = who("https://idp.example", "u1", role: "end_user", scope: .ownUser, permissions: reader)
            let stranger = who("https://evil.example", "u1", role: "end_user", scope: .ownUser, permissions: reader)

            #expect(try await service.get(mine.id, who: local).id == mine.id)
            await #expect(throws: WalletError.self) { _ = try await service.get(mine.id, who: foreign) }
            await #expect(throws: WalletError.self) { _ = try await service.get(mine.id, who: stranger) }
            #expect(try await service.get(idps.id, who: foreign).id == idps.id)
            await #expect(throws: WalletError.self) { _ = try await service.get(idps.id, who: local) }

            #expect(try await service.list(PayoutQuery(), who: local).map(\.id) == [mine.id])
            #expect(try await service.list(PayoutQuery(), who: foreign).map(\.id) == [idps.id])
            #expect(try await service.list(PayoutQuery(), who: stranger).isEmpty)
        }
    }

    @Test("scope decides, whatever the role is called")
    func scopeNotRoleName() async throws {
        try await withService { service in
            let svc = who("lucid-gateway", "sa_1", role: "service", scope: .all)
            let (a, _) = try await service.create(
                try request("1", user: "u7", node: "n-1"), who: svc, idempotencyKey: "a")
            let (b, _) = try await service.create(
                try request("2", user: "u8", node: "n-2"), who: svc, idempotencyKey: "b")

            // Invented role names with each scope.
            let viewer = who("lucid-gateway", "u7", role: "wallet-viewer", scope: .ownUser)
            #expect(try await service.list(PayoutQuery(), who: viewer).map(\.id) == [a.id])
            let partner = who("lucid-gateway", "p", role: "partner-node", scope: .ownNodes(["n-2"]))
            #expect(try await service.list(PayoutQuery(), who: partner).map(\.id) == [b.id])
            let auditor = who("lucid-gateway", "x", role: "ledger-auditor", scope: .all)
            #expect(Set(try await service.list(PayoutQuery(), who: auditor).map(\.id)) == [a.id, b.id])

            // A role named like a scoped one but given `all` by the role table sees everything.
            let broad = who("lucid-gateway", "u7", role: "end_user", scope: .all)
            #expect(Set(try await service.list(PayoutQuery(), who: broad).map(\.id)) == [a.id, b.id])

            // An own_user creator may create only for itself, within its issuer.
            await #expect(throws: WalletError.self) {
                _ = try await service.create(try request("1", user: "u8"), who: viewer, idempotencyKey: "c")
            }
            let (own, _) = try await service.create(try request("1", user: "u7"), who: viewer, idempotencyKey: "d")
            #expect(own.request.userIssuer == "lucid-gateway")
        }
    }

    @Test("a batch shows a scoped caller the count and total of its own payouts only")
    func batchTotalsAreScoped() async throws {
        try await withService { service in
            let svc = who("lucid-gateway", "sa_1", role: "service", scope: .all)
            let (batch, _, _) = try await service.createBatch(
                [try request("10", user: "u1"), try request("32.5", user: "u2"), try request("7", user: "u1")],
                who: svc, idempotencyKey: "b")
            let (all, allPayouts) = try await service.batch(batch.id, who: svc)
            let expectedAll = try MicroUSDT(parsing: "49.5")
            #expect(all.count == 3 && all.total == expectedAll && allPayouts.count == 3)
            let u1 = who("lucid-gateway", "u1", role: "end_user", scope: .ownUser, permissions: ["payment:read"])
            let (mine, minePayouts) = try await service.batch(batch.id, who: u1)
            #expect(mine.count == 2)
            let expectedMine = try MicroUSDT(parsing: "17")
            #expect(mine.total == expectedMine)
            #expect(minePayouts.count == 2)
        }
    }
}
