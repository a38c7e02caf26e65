import Foundation
import Testing

@Suite("lucid-wallet production start")
struct ProductionStartTests {
    @Test("a development setup started with LUCID_PROFILE=production exits 2, naming every problem")
    func refusesToStart() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("prod-start-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let keyFile = dir.appendingPathComponent("hot.key")
        try Data((String(repeating: "0", count: 63) + "7\n").utf8).write(to: keyFile)
        let p = Process()
        p.executableURL = ChildProcess.buildDir.appendingPathComponent("lucid-wallet")
        p.environment = [
            "LUCID_PROFILE": "production", "TRON_FULLNODE_URL": "http://127.0.0.1:9",
            "WALLET_PRIVATE_KEY_FILE": keyFile.path,
            "LUCID_ASSERTION_KEY": "k:" + String(repeating: "42", count: 32), "LUCID_WALLET_HOST": "0.0.0.0",
            "LUCID_WALLET_DB": dir.appendingPathComponent("w.sqlite").path,
        ]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 2)
        for name in ["TRON_NETWORK", "TRON_SOCKS_PROXY", "WALLET_KEYSTORE_FILE", "LUCID_WALLET_HOST"] {
            #expect(text.contains(name), "\(name) missing from: \(text)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("w.sqlite").path))
        #expect(!text.contains("4242"))
    }
}
