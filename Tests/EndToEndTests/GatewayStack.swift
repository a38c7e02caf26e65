import Foundation
import TestSupport
import TronKit

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Runs a built tool of this package to completion and returns its exit status and stdout.
func runTool(_ name: String, _ args: [String]) throws -> (status: Int32, stdout: String) {
    let p = Process()
    p.executableURL = ChildProcess.buildDir.appendingPathComponent(name)
    p.arguments = args
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The whole stack as real processes — tron-devnet, lucid-wallet and lucid-gateway — with a
/// service account, a node operator's account and tokens made by `lucidctl`.
final class GatewayStack: @unchecked Sendable {
    let stack: Stack
    let gateway: ChildProcess
    let port: Int
    let proxyPort: Int
    let metricsPort: Int
    let keyFile: String
    let accountsFile: String
    static let origin = "https://app.example"
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    init(gatewayEnv: [String: String] = [:]) async throws {
        stack = try await Stack()
        let dir = stack.dir
        keyFile = dir.appendingPathComponent("gateway-signing.pem").path
        accountsFile = dir.appendingPathComponent("service-accounts.json").path
        guard try runTool("lucidctl", ["token", "keygen", "--out", keyFile]).status == 0 else {
            throw PollTimeout(what: "lucidctl token keygen")
        }
        port = try freePort()
        proxyPort = try freePort()
        metricsPort = try freePort()
        var env = [
            "LUCID_GATEWAY_PORT": String(port), "LUCID_GATEWAY_PROXY_PORT": String(proxyPort),
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
        gateway = try ChildProcess("lucid-gateway", [], env: env, dir: dir)
        _ = try await gateway.ready()
    }

    func stop() {
        gateway.kill()
        stack.stop()
    }

    /// A new service account via `lucidctl service-account add`: (client_id, client_secret).
    func addAccount(role: String = "service", nodeIDs: [String] = []) throws -> (String, String) {
        var args = ["service-account", "add", "--role", role, "--file", accountsFile]
        args += ["--policy", Self.root.appendingPathComponent("acl/planes.acl").path]
        args += ["--policy", Self.root.appendingPathComponent("acl/roles.acl").path]
        for n in nodeIDs { args += ["--node-id", n] }
        let r = try runTool("lucidctl", args)
        let json = try JSONValue.parse(Array(r.stdout.utf8))
        return (json["client_id"]!.string!, json["client_secret"]!.string!)
    }

    /// A token made offline with `lucidctl token issue`.
    func issue(sub: String, role: String, nodeIDs: [String] = [], ttl: Int = 900) throws -> String {
        var args = ["token", "issue", "--key-file", keyFile, "--sub", sub, "--role", role, "--ttl", String(ttl)]
        args += ["--policy", Self.root.appendingPathComponent("acl/planes.acl").path]
        args += ["--policy", Self.root.appendingPathComponent("acl/roles.acl").path]
        for n in nodeIDs { args += ["--node-id", n] }
        let r = try runTool("lucidctl", args)
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
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var h: [String: String] = [:]
        for (k, v) in http.allHeaderFields { h[String(describing: k).lowercased()] = String(describing: v) }
        return Reply(
            status: http.statusCode, json: (try? JSONValue.parse(Array(data))) ?? .null, headers: h,
            text: String(decoding: data, as: UTF8.self))
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
