import Foundation
import LucidAssertion
import LucidJSON
import TestSupport
import TronKit

#if canImport(Glibc)
    import Glibc
#endif

/// A built executable of this package, run with its output captured to a file.
final class ChildProcess: @unchecked Sendable {
    let process = Process()
    let output: URL

    init(_ name: String, _ args: [String], env: [String: String] = [:], dir: URL) throws {
        output = dir.appendingPathComponent("\(name)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.executableURL = builtExecutable(name)
        process.arguments = args
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        process.environment = environment
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    var log: String { String(decoding: (try? Data(contentsOf: output)) ?? Data(), as: UTF8.self) }

    /// The first output line with `"event":"ready"`, parsed. Fails at once, with the output, when the
    /// process exits before it is ready.
    func ready(timeout: Duration = .seconds(60)) async throws -> JSONValue {
        let name = process.executableURL!.lastPathComponent
        return try await poll("ready line of \(name)", timeout: timeout) {
            let text = log
            for line in text.split(separator: "\n") where line.contains(#""event":"ready""#) {
                return try? JSONValue.parse(String(line))
            }
            guard process.isRunning else { throw ChildExited(name: name, output: String(text.suffix(2_000))) }
            return nil
        }
    }

    /// SIGKILL: no shutdown path runs (the test runner ignores SIGTERM, and we want a crash anyway).
    func kill() { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
}

/// The children a start-up has launched so far; unless the start-up completes (`keep()`), they are
/// killed when it leaves its scope.
final class StartGuard: @unchecked Sendable {
    private var children: [ChildProcess] = []
    private(set) var isKept = false

    func add(_ child: ChildProcess) -> ChildProcess {
        children.append(child)
        return child
    }

    func keep() { isKept = true }

    func killUnlessKept() {
        guard !isKept else { return }
        for c in children { c.kill() }
    }
}

/// A child process ended before it was ready.
struct ChildExited: Error, CustomStringConvertible {
    let name: String
    let output: String
    var description: String { "\(name) exited before it was ready:\n\(output)" }
}

/// A devnet and a wallet as real processes, and an HTTP client that signs assertions like the gateway.
final class Stack: @unchecked Sendable {
    let dir: URL
    let devnet: ChildProcess
    var wallet: ChildProcess
    let api: String
    let admin: String
    let walletPort: Int
    let key = try! AssertionKey(kid: "test-1", secret: Array(repeating: 0x42, count: 32))
    let walletEnv: [String: String]

    init(extraEnv: [String: String] = [:]) async throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // A start that fails half-way kills what it started (no stray devnet outlives its test).
        let started = StartGuard()
        defer { started.killUnlessKept() }
        devnet = try started.add(
            ChildProcess(
                "tron-devnet",
                [
                    "--port", "0", "--admin-port", "0", "--block-ms", "50", "--solid-lag", "4", "--dev-accounts", "1",
                    "--dev-key-dir", dir.path,
                ],
                dir: dir))
        let ready = try await devnet.ready()
        api = ready["api"]!.string!
        admin = ready["admin"]!.string!
        // The hot key is started from an encrypted keystore made by `lucidctl keystore import`.
        let keystore = dir.appendingPathComponent("hot-keystore.json").path
        let password = dir.appendingPathComponent("keystore-password").path
        try Data("e2e keystore password\n".utf8).write(to: URL(fileURLWithPath: password))
        let imported = try await runTool(
            "lucidctl",
            [
                "keystore", "import", "--keystore", keystore, "--password-file", password, "--private-key-file",
                dir.appendingPathComponent("dev-account-0.key").path, "--scrypt-n", "16384",
            ])
        guard imported.status == 0 else { throw PollTimeout(what: "lucidctl keystore import") }
        var env = [
            "TRON_FULLNODE_URL": api, "WALLET_KEYSTORE_FILE": keystore, "WALLET_KEYSTORE_PASSWORD_FILE": password,
            "LUCID_ASSERTION_KEY": "test-1:" + String(repeating: "42", count: 32),
            "LUCID_WALLET_PORT": "0",
            "LUCID_WALLET_DB": dir.appendingPathComponent("wallet.sqlite").path, "ENGINE_TICK_MS": "50",
            "TX_LIFETIME_MS": "3000", "CONFIRMATION_POLL_MS": "100", "CHAIN_REFRESH_MS": "100", "LOG_LEVEL": "notice",
            "TRON_CALL_TIMEOUT_MS": "3000",
        ]
        let acl = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("acl")
        env["LUCID_POLICY_FILES"] = ["planes.acl", "roles.acl"].map { acl.appendingPathComponent($0).path }.joined(
            separator: ",")
        for (k, v) in extraEnv { env[k] = v }
        if env["TRON_SOCKS_PROXY"] != nil {
            // Through a SOCKS proxy the node is named, never given as an address (as with Tor).
            env["TRON_FULLNODE_URL"] = api.replacingOccurrences(of: "127.0.0.1", with: "localhost")
        }
        // Port 0 (no race with other tests for a "free" port); a restart binds the same one again.
        wallet = try started.add(ChildProcess("lucid-wallet", [], env: env, dir: dir))
        guard let port = try await wallet.ready()["port"]?.int64.map(Int.init) else {
            throw ChildExited(name: "lucid-wallet", output: wallet.log)
        }
        walletPort = port
        env["LUCID_WALLET_PORT"] = String(port)
        walletEnv = env
        started.keep()
    }

    /// The wallet's SQLite file.
    var databasePath: String { dir.appendingPathComponent("wallet.sqlite").path }

    func restartWallet() async throws {
        wallet = try ChildProcess("lucid-wallet", [], env: walletEnv, dir: dir)
        _ = try await wallet.ready()
    }

    func stop() {
        wallet.kill()
        devnet.kill()
        try? FileManager.default.removeItem(at: dir)
    }

    static let service = Principal(
        issuer: "lucid-gateway", subject: "svc-payouts", role: "service",
        permissions: ["payment:create", "payment:read", "payment:list"],
        scope: .all, requestID: "")
    static let admin = Principal(
        issuer: "lucid-gateway", subject: "root", role: "admin",
        permissions: ["payment:admin", "payment:stats", "audit:read", "staking:manage", "staking:read"], scope: .all,
        requestID: "")

    struct Reply {
        let status: Int
        let json: JSONValue
        let headers: [String: String]
    }

    /// Sends a request to the wallet with a fresh assertion (`assertion: false` sends none).
    func call(
        _ method: String, _ pathAndQuery: String, body: String? = nil, as who: Principal = Stack.service,
        idempotencyKey: String? = nil, assertion: Bool = true, tamper: ((inout TestRequest) -> Void)? = nil
    ) async throws -> Reply {
        let bytes = Array((body ?? "").utf8)
        var request = TestRequest(
            method, "http://127.0.0.1:\(walletPort)\(pathAndQuery)", body: body.map { _ in bytes })
        request.setHeader("Content-Type", "application/json")
        if let idempotencyKey { request.setHeader("Idempotency-Key", idempotencyKey) }
        if assertion {
            var p = who
            p.requestID = UUID().uuidString
            let token = try await InternalAssertion.mint(
                p, method: method, pathAndQuery: pathAndQuery, body: bytes, key: key)
            request.setHeader(InternalAssertion.header, token)
        }
        tamper?(&request)
        let reply = try await request.send()
        return Reply(status: reply.status, json: (try? JSONValue.parse(reply.body)) ?? .null, headers: reply.headers)
    }

    /// Every USDT transfer on the devnet (from its admin ledger).
    func ledger() async throws -> [JSONValue] {
        try JSONValue.parse(try await httpGet("\(admin)/admin/ledger").body)["transfers"]?.array ?? []
    }
}
