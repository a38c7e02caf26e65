import Foundation
import LucidAssertion
import TestSupport
import Testing
import TronKit

@Suite("KYC management over HTTP (real processes)")
struct KYCEndToEndTests {
    static let officer = Principal(
        issuer: "lucid-gateway", subject: "officer-1", role: "compliance", permissions: ["kyc:read", "kyc:write"],
        scope: .all, requestID: "")

    @Test("a record is created with a 365-day expiry, deactivated with a reason, and the kyc route stops")
    func deactivation() async throws {
        let stack = try await Stack()
        defer { stack.stop() }
        let address = PrivateKey.random().address.base58
        let put = try await stack.call(
            "PUT", "/api/v1/kyc/\(address)", body: #"{"kyc_id":"kyc-9","level":3,"note":"passport checked"}"#,
            as: Self.officer)
        #expect(put.status == 200 && put.json["status"]?.string == "active")
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let verified = try #require(format.date(from: put.json["verified_at"]?.string ?? ""))
        let expires = try #require(format.date(from: put.json["expires_at"]?.string ?? ""))
        #expect(expires.timeIntervalSince(verified) == 365 * 86_400)

        let payout = #"{"recipient_address":"\#(address)","amount_usdt":"1200","router_type":"kyc"}"#
        #expect(try await stack.call("POST", "/api/v1/payouts", body: payout, idempotencyKey: "kyc-a").status == 201)

        let noReason = try await stack.call("DELETE", "/api/v1/kyc/\(address)", as: Self.officer)
        #expect(noReason.status == 422)
        let deleted = try await stack.call(
            "DELETE", "/api/v1/kyc/\(address)?reason=document%20revoked", as: Self.officer)
        #expect(deleted.status == 200 && deleted.json["status"]?.string == "suspended")
        #expect(deleted.json["note"]?.string == "deactivated by lucid-gateway#officer-1: document revoked")
        #expect(try await stack.call("DELETE", "/api/v1/kyc/\(address)?reason=x", as: Stack.service).status == 403)
        let missing = PrivateKey.random().address.base58
        #expect(try await stack.call("DELETE", "/api/v1/kyc/\(missing)?reason=x", as: Self.officer).status == 404)

        let refused = try await stack.call("POST", "/api/v1/payouts", body: payout, idempotencyKey: "kyc-b")
        #expect(refused.status == 422)
        #expect(refused.json["errors"]?.array?.first?["pointer"]?.string == "/recipient_address")
    }
}
