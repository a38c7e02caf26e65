import Policy
import Testing

/// A plane rule is covered only by one operation with the same shape: a parameter wherever the
/// rule has `*`, the same literal or a parameter wherever it has a literal.
@Suite struct SpecCoverageTests {
    static let operations: [(method: String, template: String)] = [
        ("GET", "/api/v1/payouts"), ("GET", "/api/v1/payouts/{payout_id}"), ("POST", "/api/v1/payouts/{id}/cancel"),
        ("DELETE", "/api/v1/kyc/{address}"),
    ]

    static func findings(_ methods: String, _ endpoints: String) throws -> [String] {
        let text = """
            plane "ops" {}
            plane "wallet" {}
            service "gw" { plane = "ops" }
            service "w" { plane = "wallet" }
            rule "r" {
              source_plane = "ops"
              target_service = "w"
              methods = [\(methods)]
              allowed_endpoints = [\(endpoints)]
              action = "allow"
            }
            """
        let doc = try PolicyParser.parse(text)
        return SpecCoverage.broader(doc, target: "w", operations: operations).map { "\($0.method) \($0.endpoint)" }
    }

    @Test func exactRulesAreCovered() throws {
        #expect(try Self.findings(#""GET""#, #""/api/v1/payouts", "/api/v1/payouts/*""#).isEmpty)
        #expect(try Self.findings(#""POST""#, #""/api/v1/payouts/*/cancel", "/api/v1/payouts/po_1/cancel""#).isEmpty)
        #expect(try Self.findings(#""DELETE""#, #""/api/v1/kyc/*""#).isEmpty)
    }

    @Test func broaderRulesAreNamed() throws {
        #expect(try Self.findings(#""DELETE""#, #""/api/v1/payouts""#) == ["DELETE /api/v1/payouts"])
        #expect(try Self.findings(#""GET""#, #""/api/v1/payouts/**""#) == ["GET /api/v1/payouts/**"])
        #expect(try Self.findings(#""GET""#, #""/api/v1/*""#) == ["GET /api/v1/*"], "a literal is no parameter")
        #expect(try Self.findings(#""GET""#, #""/api/v1/payouts/*/cancel""#) == ["GET /api/v1/payouts/*/cancel"])
        #expect(
            try Self.findings(#""GET", "PUT""#, #""/api/v1/payouts""#) == ["PUT /api/v1/payouts"], "method by method")
    }
}
