import Testing
import TronDevnet
import TronKit

@Suite("Fault injection")
struct FaultInjectionTests {
    @Test("an injected broadcast error is returned the given number of times, then cleared")
    func broadcastError() async throws {
        try await DevnetHarness.with { h in
            let faults = try await h.adminPost(
                "/admin/faults", #"{"broadcast_error": "SERVER_BUSY", "broadcast_error_count": 2}"#)
            #expect(faults["broadcast_error"]?.string == "SERVER_BUSY")
            let tx = try await h.usdtTransfer(to: PrivateKey.random().address, micro: 1)
            for _ in 0..<2 {
                let r = try await expectRejected(.serverBusy) { try await h.client.broadcast(tx) }
                #expect(r?.code.isTransient == true)
            }
            try await h.client.broadcast(tx)  // the same bytes now go through
            let info = try await h.poll("receipt") { try await h.client.getTransactionInfo(id: tx.txIDHex) }
            #expect(info.succeeded)
        }
    }

    @Test("node down: 503, then refused connections, then back on the same port")
    func nodeDown() async throws {
        try await DevnetHarness.with { h in
            _ = try await h.adminPost("/admin/faults", #"{"node_down": "unavailable"}"#)
            await #expect(throws: FullNodeError.httpStatus(endpoint: "/wallet/getnodeinfo", status: 503)) {
                try await h.client.getNodeInfo()
            }
            _ = try await h.adminPost("/admin/faults", #"{"node_down": "refuse"}"#)
            do {
                _ = try await h.client.getNodeInfo()
                Issue.record("expected a refused connection")
            } catch let e as FullNodeError {
                switch e {
                case .transport, .timeout: break
                default: Issue.record("unexpected \(e)")
                }
            }
            _ = try await h.adminPost("/admin/faults", #"{"node_down": "none"}"#)
            let info = try await h.poll("node back") { try? await h.client.getNodeInfo() }
            #expect(info.headNumber > 0)
        }
    }

    @Test("stalled solidification freezes the solid head while blocks continue")
    func stalledSolidification() async throws {
        try await DevnetHarness.with { h in
            try await h.waitForSolid(2)
            _ = try await h.adminPost("/admin/faults", #"{"stall_solidification": true}"#)
            let stalled = try await h.client.getNodeInfo()
            _ = try await h.poll("head advances") { () async throws -> Int64? in
                let n = try await h.client.getNodeInfo().headNumber
                return n >= stalled.headNumber + 10 ? n : nil
            }
            #expect(try await h.client.getNodeInfo().solidNumber == stalled.solidNumber)
            _ = try await h.adminPost("/admin/faults", #"{"stall_solidification": false}"#)
            try await h.waitForSolid(stalled.solidNumber + 5)
        }
    }

    @Test("invalid fault settings are refused with a reason")
    func invalidFaults() async throws {
        try await DevnetHarness.with { h in
            for body in [#"{"broadcast_error": "NOPE"}"#, #"{"latency_ms": -1}"#, #"{"node_down": "maybe"}"#, "[]"] {
                let answer = try await h.adminPost("/admin/faults", body)
                #expect(answer["error"]?.string?.contains("DEVNET_ADMIN_REQUEST_INVALID") == true, "\(body)")
            }
        }
    }
}
