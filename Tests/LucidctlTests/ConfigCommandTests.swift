import Foundation
import LucidJSON
import Testing

/// `lucidctl config check`: the processes' start-up validation offline, with every problem named
/// and no secret printed.
@Suite struct ConfigCommandTests {
    /// A 0700 directory holding a 0600 hot-key file; returns the directory and the key file.
    static func keyDirectory() throws -> (dir: URL, key: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("config-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: dir, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let key = dir.appendingPathComponent("hot.key").path
        struct NotCreated: Error {}
        let bytes = Data(String(repeating: "1f", count: 32).utf8)
        guard FileManager.default.createFile(atPath: key, contents: bytes, attributes: [.posixPermissions: 0o600])
        else { throw NotCreated() }
        return (dir, key)
    }

    @Test func aWalletConfigurationThatWouldStartIsValid() async throws {
        let (dir, key) = try Self.keyDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = dir.appendingPathComponent("wallet.env").path
        try """
        # the wallet's EnvironmentFile
        TRON_FULLNODE_URL=http://127.0.0.1:8090
        WALLET_PRIVATE_KEY_FILE=\(key)
        LUCID_ASSERTION_KEY=k1:\(String(repeating: "ab", count: 32))
        """.write(toFile: env, atomically: true, encoding: .utf8)
        let r = try await Lucidctl.run(["config", "check", "--wallet", "--env-file", env])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONValue.parse(r.stdout)
        #expect(json["valid"]?.bool == true && json["problems"]?.array?.isEmpty == true)
        #expect(json["process"]?.string == "lucid-wallet")
    }

    @Test func everyProblemIsNamedAndNoSecretIsPrinted() async throws {
        let (dir, _) = try Self.keyDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = dir.appendingPathComponent("wallet.env").path
        let secret = "k1:" + String(repeating: "zz", count: 32)
        try """
        TRON_FULLNODE_URL=ftp://node
        LUCID_ASSERTION_KEY=\(secret)
        LIMIT_HOURLY_USDT=12.3456789
        """.write(toFile: env, atomically: true, encoding: .utf8)
        let r = try await Lucidctl.run(["config", "check", "--wallet", "--env-file", env])
        #expect(r.status == 1)
        let problems = try JSONValue.parse(r.stdout)["problems"]?.array?.compactMap(\.string) ?? []
        for name in ["TRON_FULLNODE_URL", "WALLET_KEYSTORE_FILE", "LUCID_ASSERTION_KEY", "LIMIT_HOURLY_USDT"] {
            #expect(problems.contains { $0.hasPrefix(name) }, "\(name) in \(problems)")
        }
        #expect(
            !r.stdout.contains(String(repeating: "zz", count: 32))
                && !r.stderr.contains(String(repeating: "zz", count: 32)))
    }

    @Test func theGatewayIsCheckedTooAndUsageErrorsAreClear() async throws {
        let r = try await Lucidctl.run(["config", "check", "--gateway", "--env-file", "/nonexistent/gateway.env"])
        #expect(r.status != 0 && r.stderr.contains("--env-file"))
        let both = try await Lucidctl.run(["config", "check", "--gateway", "--wallet"])
        #expect(both.status != 0 && both.stderr.contains("exactly one"))
        let gateway = try await Lucidctl.run(["config", "check", "--gateway"])
        let json = try JSONValue.parse(gateway.stdout)
        #expect(gateway.status == 1 && json["process"]?.string == "lucid-gateway" && json["valid"]?.bool == false)
    }
}
