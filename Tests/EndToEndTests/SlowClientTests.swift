import Foundation
import TestSupport
import Testing
import TronKit

/// Slow and idle clients cannot hold the door, and answers owed on a connection are never dropped
/// — checked with real sockets against the real gateway.
@Suite struct SlowClientTests {
    static let halfHead = Array("GET /health HTTP/1.1\r\nHost: loc".utf8)

    @Test("heads that never finish are answered 408 and closed within the timeout; others keep being served")
    func slowHeadsAreClosed() async throws {
        let g = try await GatewayStack(gatewayEnv: [
            "LUCID_CLIENT_HEADER_TIMEOUT_MS": "700", "LUCID_CLIENT_IDLE_TIMEOUT_MS": "700",
        ])
        defer { g.stop() }
        let slow = try (0..<30).map { _ in try RawConnection(port: g.port, sending: Self.halfHead) }
        let silent = try RawConnection(port: g.port, sending: [])
        // Meanwhile a normal client is served.
        #expect(try await rawHTTP(port: g.port, rawRequest("GET /health HTTP/1.1\nHost: localhost\n\n")).status == 200)
        try await poll("every slow client closed", timeout: .seconds(20)) {
            slow.allSatisfy { $0.closedByServer() } && silent.closedByServer() ? true : nil
        }
        #expect(slow.allSatisfy { $0.text.hasPrefix("HTTP/1.1 408 ") }, "\(slow.first?.text ?? "")")
        #expect(slow.first?.text.contains("REQUEST_TIMEOUT") == true)
        // An idle keep-alive connection closes after its answer and the idle timeout.
        let idle = try RawConnection(port: g.port, sending: rawRequest("GET /health HTTP/1.1\nHost: localhost\n\n"))
        try await poll("the idle connection closed", timeout: .seconds(20)) { idle.closedByServer() ? true : nil }
        #expect(idle.text.hasPrefix("HTTP/1.1 200 "))
        #expect(try await rawHTTP(port: g.port, rawRequest("GET /health HTTP/1.1\nHost: localhost\n\n")).status == 200)
    }

    @Test("at the connection cap a new client still gets in: the longest-idle connection is closed")
    func capAdmitsNewClients() async throws {
        let g = try await GatewayStack(gatewayEnv: [
            "LUCID_MAX_CONNECTIONS": "20", "LUCID_CLIENT_HEADER_TIMEOUT_MS": "120000",
        ])
        defer { g.stop() }
        var slow: [RawConnection] = []
        for _ in 0..<20 {
            slow.append(try RawConnection(port: g.port, sending: Self.halfHead))
            // One at a time, so that their order of arrival is their age.
            #expect(
                try await rawHTTP(port: g.port, rawRequest("GET /health HTTP/1.1\nHost: localhost\n\n")).status == 200)
        }
        // Three more slow clients past the cap: each admitted by closing the oldest idle one.
        for _ in 0..<3 { slow.append(try RawConnection(port: g.port, sending: Self.halfHead)) }
        try await poll("the three oldest closed", timeout: .seconds(20)) {
            slow.prefix(3).allSatisfy { $0.closedByServer() } ? true : nil
        }
        #expect(slow.suffix(3).allSatisfy { !$0.closedByServer() }, "the newest stay open")
        // And a new client still gets in.
        #expect(try await rawHTTP(port: g.port, rawRequest("GET /health HTTP/1.1\nHost: localhost\n\n")).status == 200)
    }

    @Test("18 pipelined creates in one write: every stored payout is answered, the excess is refused in turn")
    func owedAnswersAreNeverDropped() async throws {
        let g = try await GatewayStack(gatewayEnv: ["LUCID_RATE_LIMIT_SCALE": "100"])
        defer { g.stop() }
        let token = try await g.issue(sub: "svc-pipe", role: "service")
        var bytes: [UInt8] = []
        for i in 0..<18 {
            let body = #"{"recipient_address":"TJRabPrwbZy45sbavfcjinPJC18kjpRTv8","amount_usdt":"1"}"#
            bytes += rawRequest(
                "POST /api/v1/payouts HTTP/1.1\nHost: localhost\nAuthorization: Bearer \(token)\n"
                    + "Content-Type: application/json\nIdempotency-Key: pipe-\(i)\nContent-Length: \(body.utf8.count)\n\n"
                    + body)
        }
        let text = try await rawHTTPUntilClosed(port: g.port, bytes)
        let statuses = text.components(separatedBy: "HTTP/1.1 ").dropFirst().compactMap { Int($0.prefix(3)) }
        let created = statuses.filter { $0 == 201 }.count
        let list = try await g.call("GET", "/api/v1/payouts?limit=100", token: token)
        let stored = list.json["data"]?.array?.count ?? -1
        #expect(created == stored, "answers \(statuses); stored \(stored)")
        #expect(created >= 16)
        if statuses.count < 18 || created < 18 {
            #expect(statuses.last == 400)
            #expect(text.contains("PIPELINE_LIMIT"))
        }
    }
}
