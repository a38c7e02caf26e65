import Foundation
import Policy
import Testing

/// The repository's acl/ directory.
let aclDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("acl")
let shippedFiles = ["planes.acl", "roles.acl"].map { aclDir.appendingPathComponent($0).path }

@Suite("The shipped policy")
struct ShippedPolicyTests {
    @Test("passes check in strict mode with no findings")
    func strictCheck() throws {
        let doc = try PolicyLoader.document(files: shippedFiles)
        #expect(PolicyValidator.validate(doc, strict: true) == [])
        _ = try PolicyLoader.load(files: shippedFiles, strict: true)
    }

    @Test("isolation invariants, asked with the reachability query")
    func isolation() throws {
        let p = try PolicyLoader.load(files: shippedFiles, strict: true)
        #expect(p.reach(from: "chain", to: "wallet").isEmpty, "nothing in chain reaches wallet")
        #expect(p.reach(from: "wallet", to: "chain").isEmpty, "nothing in wallet reaches chain")
        #expect(p.reach(from: "gui", to: "wallet").isEmpty)
        #expect(p.reach(from: "chain", to: "external:tron").isEmpty)
        #expect(p.reach(from: "ops", to: "external:tron").isEmpty, "the gateway never talks to TRON")
        #expect(
            p.reach(from: "ops", to: "wallet").map(\.rule).sorted() == [
                "gateway_creates_in_wallet", "gateway_deletes_in_wallet", "gateway_reads_wallet",
                "gateway_updates_wallet",
            ])
        #expect(p.reach(from: "wallet", to: "external:tron").map(\.rule) == ["wallet_egress_tron"])
        #expect(p.reach(from: "wallet", to: "ops").isEmpty, "the wallet never calls the gateway")
    }

    @Test("decisions for the system's real calls")
    func decisions() throws {
        let p = try PolicyLoader.load(files: shippedFiles, strict: true)
        let ok = p.decide(
            AccessRequest(from: "lucid-gateway", to: "lucid-wallet", method: "POST", path: "/api/v1/payouts"))
        #expect(ok.allowed && ok.ruleName == "gateway_creates_in_wallet")
        // The collection cannot be deleted or replaced: the spec has no such operation.
        for method in ["DELETE", "PUT"] {
            #expect(
                !p.decide(
                    AccessRequest(from: "lucid-gateway", to: "lucid-wallet", method: method, path: "/api/v1/payouts")
                )
                .allowed)
        }
        #expect(
            p.decide(
                AccessRequest(
                    from: "lucid-gateway", to: "lucid-wallet", method: "GET", path: "/api/v1/payouts/po_1/transaction")
            ).allowed)
        #expect(
            !p.decide(AccessRequest(from: "lucid-gateway", to: "lucid-wallet", method: "GET", path: "/metrics")).allowed
        )
        #expect(
            !p.decide(
                AccessRequest(from: "lucid-gateway", to: "lucid-wallet", method: "PATCH", path: "/api/v1/payouts")
            ).allowed)
        let denied = p.decide(
            AccessRequest(from: "chain-relay", to: "lucid-wallet", method: "GET", path: "/health/live"))
        #expect(
            !denied.allowed && denied.code == .deniedByRule && denied.reason == "the chain tier never touches payments")
        #expect(p.decide(AccessRequest(from: "lucid-wallet", toExternal: "tron", transport: "tor")).allowed)
        #expect(!p.decide(AccessRequest(from: "lucid-wallet", toExternal: "tron", transport: "direct")).allowed)
        #expect(
            p.decide(AccessRequest(from: "nobody", to: "lucid-wallet", method: "GET", path: "/")).code
                == .unknownEndpoint)
    }

    @Test("roles: the shipped defaults, with inheritance and scopes")
    func roles() throws {
        let r = try PolicyLoader.load(files: shippedFiles).roles
        #expect(r.permissions(of: "node_operator") == ["payment:create", "payment:read", "payment:list"])
        #expect(r.permissions(of: "end_user") == ["payment:read", "payment:list"])
        #expect(!r.allows("end_user", "payment:create"))
        #expect(
            r.allows("admin", "kyc:write") && r.allows("admin", "payment:create") && r.allows("admin", "payment:admin"))
        #expect(r.scope(of: "node_operator") == .ownNodes)
        #expect(r.scope(of: "end_user") == .ownUser)
        #expect(r.permissions(of: "intruder").isEmpty)
    }
}
