import ArgumentParser
import AsyncHTTPClient
import Foundation
import LucidConfiguration
import LucidJSON
import NIOCore
import NIOHTTP1

/// The gateway URL and bearer token of the `lucidctl` commands that call the API.
struct GatewayOptions: ParsableArguments {
    @Option(help: "The gateway (its admin door when one is configured); env LUCID_GATEWAY_URL.")
    var gateway = ProcessInfo.processInfo.environment["LUCID_GATEWAY_URL"] ?? "http://127.0.0.1:8080"
    @Option(help: "File holding the bearer token, mode 0600; env LUCID_TOKEN_FILE.")
    var tokenFile = ProcessInfo.processInfo.environment["LUCID_TOKEN_FILE"] ?? ""

    /// Sends one request and prints the JSON answer; a non-2xx answer exits non-zero with its detail.
    func call(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil, idempotencyKey: String? = nil) async throws
    {
        guard !tokenFile.isEmpty else { throw LucidctlError("--token-file (or LUCID_TOKEN_FILE) is required") }
        if let problem = SecretFile.exposure(tokenFile) { throw LucidctlError(problem) }
        let token: [UInt8]
        do { token = try SecretFile.read(tokenFile) } catch { throw LucidctlError(error.message) }
        guard let base = URL(string: gateway), base.scheme == "http" || base.scheme == "https" else {
            throw LucidctlError("--gateway must be an http or https URL")
        }
        var request = HTTPClientRequest(url: gateway.trimmingSuffix("/") + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer " + String(decoding: token, as: UTF8.self))
        request.headers.add(name: "Accept", value: "application/json")
        if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body.bytes))
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let status: Int
        let text: String
        do {
            let response = try await client.execute(request, timeout: .seconds(30))
            status = Int(response.status.code)
            text = String(buffer: try await response.body.collect(upTo: 4 * 1024 * 1024))
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw LucidctlError("the gateway at \(gateway) did not answer: \(error)")
        }
        print(text.trimmingCharacters(in: .whitespacesAndNewlines))
        guard (200..<300).contains(status) else {
            let problem = try? JSONValue.parse(Array(text.utf8))
            let detail = problem?["detail"]?.string ?? problem?["title"]?.string ?? "HTTP \(status)"
            throw LucidctlError("\(problem?["code"]?.string ?? "HTTP \(status)"): \(detail)")
        }
    }
}

extension String {
    /// The string without one trailing `suffix`.
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
