import Crypto
import Foundation
import LucidAssertion
import LucidJSON
import TestSupport
import Testing
import TronKit

@Suite("Webhooks through the API and Tor-style egress (real processes, microsocks)")
struct WebhookEndToEndTests {

    @Test("registered over the API, delivered through the SOCKS proxy with a valid signature, logged for admins")
    func deliveredThroughTheProxy() async throws {
        let receiver = try await WebhookReceiver.start(script: [502])
        defer { receiver.stop() }
        let proxy = try Microsocks()
        defer { proxy.stop() }

        let stack = try await Stack(extraEnv: [
            "TRON_SOCKS_PROXY": "127.0.0.1:\(proxy.port)", "WEBHOOK_POLL_MS": "50", "WEBHOOK_RETRY_BASE_MS": "50",
        ])
        defer { stack.stop() }

        let url = "http://localhost:\(receiver.port)/hook"
        let bad = try await stack.call(
            "POST", "/api/v1/webhooks", body: #"{"url":"ftp://x/y","events":["payout.nope"]}"#, as: Stack.admin)
        #expect(bad.status == 422)
        #expect(Set(bad.json["errors"]?.array?.compactMap { $0["pointer"]?.string } ?? []) == ["/url", "/events"])
        #expect(
            try await stack.call("POST", "/api/v1/webhooks", body: #"{"url":"\#(url)"}"#, as: Stack.service).status
                == 403)

        let created = try await stack.call(
            "POST", "/api/v1/webhooks", body: #"{"url":"\#(url)","events":["payout.confirmed"]}"#, as: Stack.admin)
        #expect(created.status == 201)
        let id = try #require(created.json["id"]?.string)
        let secret = try #require(created.json["secret"]?.string)
        #expect(secret.hasPrefix("whsec_"))

        let listed = try await stack.call("GET", "/api/v1/webhooks", as: Stack.admin)
        #expect(listed.json["data"]?.array?.first?["id"]?.string == id)
        #expect(listed.json["data"]?.array?.first?["secret"] == nil, "the secret is shown only at creation")

        let body = #"{"recipient_address":"\#(PrivateKey.random().address.base58)","amount_usdt":"3"}"#
        let payout = try await stack.call("POST", "/api/v1/payouts", body: body, idempotencyKey: "hook-1")
        let payoutID = try #require(payout.json["id"]?.string)

        let accepted = try await poll("the delivery accepted", timeout: .seconds(60)) {
            () async -> WebhookReceiver.Received? in
            receiver.received.first { $0.answered == 200 }
        }
        let event = try JSONValue.parse(accepted.body)
        #expect(event["type"]?.string == "payout.confirmed" && event["data"]?["id"]?.string == payoutID)
        let header = try #require(accepted.headers["lucid-signature"])
        let parts = Dictionary(
            uniqueKeysWithValues: header.split(separator: ",").map { p -> (String, String) in
                let kv = p.split(separator: "=", maxSplits: 1)
                return (String(kv[0]), String(kv[1]))
            })
        let signed = Array("\(parts["t"] ?? "").".utf8) + accepted.body
        #expect(parts["v1"] == hmacSHA256Hex(key: Array(secret.utf8), message: signed))
        #expect(receiver.received.count == 2 && receiver.received[0].answered == 502)

        // The request went through the proxy, by name (the proxy resolved it).
        let socksLog = proxy.logText
        #expect(socksLog.contains("connected to localhost:\(receiver.port)"), "\(socksLog)")

        // The delivery log, for admins.
        let detail = try await poll("the delivery logged", timeout: .seconds(10)) { () async -> JSONValue? in
            let r = try? await stack.call("GET", "/api/v1/webhooks/\(id)", as: Stack.admin)
            let log = r?.json["deliveries"]?.array ?? []
            return log.contains { $0["delivered"]?.bool == true } ? r?.json : nil
        }
        #expect(detail["deliveries"]?.array?.map { $0["status_code"]?.int64 } == [200, 502])

        #expect(try await stack.call("DELETE", "/api/v1/webhooks/\(id)", as: Stack.admin).status == 200)
        #expect(try await stack.call("DELETE", "/api/v1/webhooks/\(id)", as: Stack.admin).status == 404)
        let audit = try await stack.call("GET", "/api/v1/audit?action=webhook.", as: Stack.admin)
        #expect(audit.json["data"]?.array?.map { $0["action"]?.string } == ["webhook.created", "webhook.deleted"])
        #expect(!audit.json.serialized.contains(secret))
    }
}

/// HMAC-SHA256 as hex, computed here with swift-crypto (independently of the wallet's signer).
func hmacSHA256Hex(key: [UInt8], message: [UInt8]) -> String {
    HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)).map {
        String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
    }.joined()
}
