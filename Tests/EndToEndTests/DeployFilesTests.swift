import Foundation
import LucidAssertion
import TestSupport
import Testing
import TronKit

@Suite("deploy/: every metric the alerts and the dashboard use is exported (real processes)")
struct DeployFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Metric names (`tron_…`, `lucid_…`) in a file.
    static func metricNames(in path: String) throws -> Set<String> {
        let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        let regex = try NSRegularExpression(pattern: #"\b(?:tron|lucid)_[a-z0-9_]+"#)
        let names = regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).map { String(text[$0]) }
        }
        return Set(names).subtracting(["lucid_wallet", "lucid_alerts"])
    }

    /// Whether `name` is exported: as itself, or as a histogram's `_bucket`/`_sum`/`_count` series.
    static func isExported(_ name: String, in exported: Set<String>) -> Bool {
        exported.contains(name)
            || ["_bucket", "_sum", "_count"].contains {
                name.hasSuffix($0) && exported.contains(String(name.dropLast($0.count)))
            }
    }

    @Test("the rules and the dashboard name only metrics a running wallet exports")
    func metricsExist() async throws {
        let stack = try await Stack(extraEnv: ["WEBHOOK_POLL_MS": "50", "WEBHOOK_RETRY_BASE_MS": "50"])
        defer { stack.stop() }
        // Exercise what creates the metrics: a payout, a failing webhook, reconciliation, wallet info.
        _ = try await stack.call(
            "POST", "/api/v1/webhooks", body: #"{"url":"http://127.0.0.1:9/down","events":["payout.*"]}"#,
            as: Stack.admin)
        let body = #"{"recipient_address":"\#(PrivateKey.random().address.base58)","amount_usdt":"1"}"#
        let id = try #require(
            try await stack.call("POST", "/api/v1/payouts", body: body, idempotencyKey: "deploy-1").json["id"]?.string)
        _ = try await poll("payout confirmed", timeout: .seconds(60)) { () async throws -> Bool? in
            try await stack.call("GET", "/api/v1/payouts/\(id)").json["status"]?.string == "confirmed" ? true : nil
        }
        _ = try await stack.call("GET", "/api/v1/reconciliation?refresh=true", as: Stack.admin)
        _ = try await stack.call("GET", "/api/v1/wallet", as: Stack.admin)

        let wanted = try Self.metricNames(in: "deploy/prometheus/lucid-alerts.yml")
            .union(try Self.metricNames(in: "deploy/grafana/lucid-wallet.json"))
        #expect(wanted.count >= 15, "\(wanted.sorted())")
        // Poll (bounded) until the gauges set by periodic jobs have appeared, then report what is missing.
        let url = "http://127.0.0.1:\(stack.walletPort)/metrics"
        @Sendable func exportedNames() async -> Set<String> {
            guard let reply = try? await httpGet(url) else { return [] }
            return Set(
                reply.text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }
                    .map { String($0.split(separator: " ")[2]) })
        }
        _ = try? await poll("every metric exported", timeout: .seconds(30)) { () async -> Bool? in
            let names = await exportedNames()
            return wanted.allSatisfy { Self.isExported($0, in: names) } ? true : nil
        }
        let exported = await exportedNames()
        let missing = wanted.filter { !Self.isExported($0, in: exported) }
        #expect(missing.isEmpty, "missing: \(missing.sorted())")
    }
}
