import Foundation
import TestSupport
import Testing

@Suite("lucid-wallet production start")
struct ProductionStartTests {
    @Test("a development setup started with LUCID_PROFILE=production exits 2, naming every problem")
    func refusesToStart() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("prod-start-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let keyFile = dir.appendingPathComponent("hot.key")
        try Data((String(repeating: "0", count: 63) + "7\n").utf8).write(to: keyFile)
        let r = try await runToCompletion(
            builtExecutable("lucid-wallet"), [],
            environment: [
                "LUCID_PROFILE": "production", "TRON_FULLNODE_URL": "http://127.0.0.1:9",
                "WALLET_PRIVATE_KEY_FILE": keyFile.path,
                "LUCID_ASSERTION_KEY": "k:" + String(repeating: "42", count: 32), "LUCID_WALLET_HOST": "0.0.0.0",
                "LUCID_WALLET_DB": dir.appendingPathComponent("w.sqlite").path,
            ])
        let text = r.stderr
        #expect(r.status == 2)
        for name in ["TRON_NETWORK", "TRON_SOCKS_PROXY", "WALLET_KEYSTORE_FILE", "LUCID_WALLET_HOST"] {
            #expect(text.contains(name), "\(name) missing from: \(text)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("w.sqlite").path))
        #expect(!text.contains("4242"))
    }
}

@Suite("lucid-wallet network check at start")
struct NetworkStartTests {
    @Test("TRON_NETWORK=nile against the devnet: the wallet does not start, and names both")
    func wrongNetworkRefusesToStart() async throws {
        do {
            let stack = try await Stack(extraEnv: ["TRON_NETWORK": "nile"])
            stack.stop()
            Issue.record("the wallet started on the wrong network")
        } catch let e as ChildExited {
            #expect(e.output.contains("TRON_NETWORK is nile"), "\(e.output)")
            #expect(e.output.contains("another network (genesis "))
        }
    }
}
