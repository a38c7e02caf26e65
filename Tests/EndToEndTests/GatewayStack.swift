import Foundation
import LucidJSON
import TestSupport
import TronKit

/// Runs a built tool of this package to completion (without blocking a concurrency thread).
func runTool(_ name: String, _ args: [String]) async throws -> ToolOutput {
    try await runToCompletion(builtExecutable(name), args)
}

/// The whole stack as real processes — tron-devnet, lucid-wallet and lucid-gateway — with a
/// service account, a node operator's account and tokens made by `lucidctl`.
final class GatewayStack: @unchecked Sendable {
    let stack: Stack
    let gateway: ChildProcess
    let port: Int
    let proxyPort: Int
    /// The admin door, when `LUCID_GATEWAY_ADMIN_PROXY_PORT` was given.
    let adminProxyPort: Int?
    let metricsPort: Int
    let keyFile: String
    let accountsFile: String
    static let origin = "https://app.example"
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    init(gatewayEnv: [String: String] = [:], walletEnv: [String: String] = [:]) async throws {
        let stack = try await Stack(extraEnv: walletEnv)
        self.stack = stack
        let started = StartGuard()
        defer {
            started.killUnlessKept()
            if !started.isKept { stack.stop() }
        }
        let dir = stack.dir
        keyFile = dir.appendingPathComponent("gateway-signing.pem").path
        accountsFile = dir.appendingPathComponent("service-accounts.json").path
        guard try await runTool("lucidctl", ["token", "keygen", "--out", keyFile]).status == 0 else {
            throw PollTimeout(what: "lucidctl token keygen")
        }
        // Port 0 where the gateway allows it (0 turns its metrics listener off, so that one is
        // picked; another process can take a picked port before the gateway binds it, and then
        // the start is tried again with another).
        var attempt = 0
        while true {
            attempt += 1
            let metricsPort = try freePort()
            var env = [
                "LUCID_GATEWAY_PORT": "0", "LUCID_GATEWAY_PROXY_PORT": "0",
                "LUCID_GATEWAY_METRICS_PORT": String(metricsPort),
                "LUCID_WALLET_URL": "http://127.0.0.1:\(stack.walletPort)",
                "LUCID_ASSERTION_KEY": "test-1:" + String(repeating: "42", count: 32),
                "LUCID_GATEWAY_SIGNING_KEY_FILE": keyFile, "LUCID_SERVICE_ACCOUNTS": accountsFile,
                "LUCID_POLICY_FILES": ["planes.acl", "roles.acl"].map {
                    Self.root.appendingPathComponent("acl/\($0)").path
                }.joined(separator: ","),
                "LUCID_OPENAPI_SPEC": Self.root.appendingPathComponent("openapi/payment-api.yaml").path,
                "LUCID_CORS_ORIGINS": Self.origin, "LUCID_GATEWAY_THREADS": "2",
            ]
            for (k, v) in gatewayEnv { env[k] = v }
            let child = try started.add(ChildProcess("lucid-gateway", [], env: env, dir: dir))
            do {
                let ready = try await child.ready()
                guard let port = ready["port"]?.int64.map(Int.init),
                    let proxyPort = ready["proxy_port"]?.int64.map(Int.init)
                else {
                    throw ChildExited(name: "lucid-gateway", output: child.log)
                }
                gateway = child
                self.port = port
                self.proxyPort = proxyPort
                self.adminProxyPort = ready["admin_proxy_port"]?.int64.map(Int.init)
                self.metricsPort = metricsPort
                break
            } catch let e as ChildExited where attempt < 5 && e.output.contains("Address already in use") {
                continue
            }
        }
        started.keep()
    }

    func stop() {
        gateway.kill()
        stack.stop()
    }

    /// A new service account via `lucidctl service-account add`: (client_id, client_secret).
    func addAccount(role: String = "service", nodeIDs: [String] = []) async throws -> (String, String) {
        var args = ["service-account", "add", "--role", role, "--file", accountsFile]
        args += ["--policy", Self.root.appendingPathComponent("acl/planes.acl").path]
        args += ["--policy", Self.root.appendingPathComponent("acl/roles.acl").path]
        for n in nodeIDs { args += ["--node-id", n] }
        let r = try await runTool("lucidctl", args)
        let json = try JSONValue.parse(Array(r.stdout.utf8))
        return (json["client_id"]!.string!, json["client_secret"]!.string!)
    }

    /// A token made offline with `lucidctl token issue`.
    func issue(sub: String, role: String, nodeIDs: [String] = [], ttl: Int = 900) async throws -> String {
        var args = ["token", "issue", "--key-file", keyFile, "--sub", sub, "--role", role, "--ttl", String(ttl)]
        args += ["--policy", Self.root.appendingPathComponent("acl/planes.acl").path]
        args += ["--policy", Self.root.appendingPathComponent("acl/roles.acl").path]
        for n in nodeIDs { args += ["--node-id", n] }
        let r = try await runTool("lucidctl", args)
        return try JSONValue.parse(Array(r.stdout.utf8))["access_token"]!.string!
    }

    struct Reply {
        let status: Int
        let json: JSONValue
        let headers: [String: String]
        let text: String
    }

    /// A request through the gateway.
    func call(
        _ method: String, _ path: String, token: String? = nil, body: String? = nil, headers: [String: String] = [:],
        contentType: String = "application/json"
    ) async throws -> Reply {
        var request = TestRequest(method, "http://127.0.0.1:\(port)\(path)", body: body.map { Array($0.utf8) })
        if body != nil { request.setHeader("Content-Type", contentType) }
        if let token { request.setHeader("Authorization", "Bearer \(token)") }
        for (k, v) in headers { request.setHeader(k, v) }
        let reply = try await request.send()
        return Reply(
            status: reply.status, json: (try? JSONValue.parse(reply.body)) ?? .null, headers: reply.headers,
            text: reply.text)
    }

    /// `POST /auth/token` with HTTP Basic client authentication.
    func token(clientID: String, secret: String) async throws -> String {
        let basic = Data("\(clientID):\(secret)".utf8).base64EncodedString()
        let r = try await call(
            "POST", "/auth/token", body: "grant_type=client_credentials", headers: ["Authorization": "Basic \(basic)"],
            contentType: "application/x-www-form-urlencoded")
        guard r.status == 200, let t = r.json["access_token"]?.string else {
            throw PollTimeout(what: "a token (got \(r.status) \(r.text))")
        }
        return t
    }
}
