import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Both processes run under swift-service-lifecycle: SIGTERM or SIGINT shuts them down gracefully
/// (exit status 0), and SIGHUP reloads the gateway's policy without stopping it.
@Suite struct ShutdownTests {
    /// Waits until `pid` is gone or a zombie (Foundation may notice the exit later), then returns
    /// its exit status.
    static func exited(_ process: Process, what: String) async throws -> Int32 {
        let pid = process.processIdentifier
        try await poll(what, timeout: .seconds(20)) { () -> Bool? in
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            return stat.isEmpty || stat.contains(") Z ") ? true : nil
        }
        return try await poll("the exit status of \(what)") {
            process.isRunning ? nil : process.terminationStatus
        }
    }

    @Test func theGatewayReloadsOnHangUpAndStopsOnTerminate() async throws {
        let g = try await GatewayStack()
        defer { g.stop() }
        let pid = g.gateway.process.processIdentifier
        kill(pid, SIGHUP)
        try await poll("the policy reloaded") { g.gateway.log.contains("policy reloaded") ? true : nil }
        #expect(try await g.call("GET", "/health").status == 200, "still serving after SIGHUP")
        kill(pid, SIGTERM)
        #expect(try await Self.exited(g.gateway.process, what: "lucid-gateway after SIGTERM") == 0)
        await #expect(throws: (any Error).self) { _ = try await g.call("GET", "/health") }
    }

    @Test func theWalletStopsOnInterrupt() async throws {
        let stack = try await Stack()
        defer { stack.stop() }
        kill(stack.wallet.process.processIdentifier, SIGINT)
        #expect(try await Self.exited(stack.wallet.process, what: "lucid-wallet after SIGINT") == 0)
    }
}
