import Foundation
import TestSupport
import Testing
import TronKit

/// Bodies with one meaning only, through the real gateway and wallet: a body not declared JSON, or
/// JSON that names a member twice, is refused and stores nothing; and failed authentications cost
/// the client that sends them.
@Suite struct OneMeaningEndToEndTests {
    static let address = "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8"

    @Test("415 for a body not declared application/json, 400 for a member named twice; nothing stored")
    func bodiesHaveOneMeaning() async throws {
        let g = try await GatewayStack()
        defer { g.stop() }
        let (id, secret) = try await g.addAccount()
        let token = try await g.token(clientID: id, secret: secret)
        let body = #"{"recipient_address":"\#(Self.address)","amount_usdt":"1.5"}"#

        for type in ["text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"] {
            let r = try await g.call(
                "POST", "/api/v1/payouts", token: token, body: body, headers: ["Idempotency-Key": UUID().uuidString],
                contentType: type)
            #expect(r.status == 415, "\(type)")
            #expect(r.json["code"]?.string == "UNSUPPORTED_MEDIA_TYPE")
            // Refused at the door (the wallet's own refusal words it differently).
            #expect(r.json["detail"]?.string == "send the body as application/json")
        }
        let untyped = try await rawHTTP(
            port: g.port,
            rawRequest(
                "POST /api/v1/payouts HTTP/1.1\nHost: localhost\nAuthorization: Bearer \(token)\nIdempotency-Key: none\n"
                    + "Content-Length: \(body.utf8.count)\nConnection: close\n\n\(body)"))
        #expect(untyped.status == 415)

        for twice in [
            #"{"recipient_address":"\#(Self.address)","amount_usdt":"1.5","amount_usdt":"1500"}"#,
            #"{"recipient_address":"\#(Self.address)","recipient_address":"TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy","amount_usdt":"1"}"#,
        ] {
            let r = try await g.call(
                "POST", "/api/v1/payouts", token: token, body: twice, headers: ["Idempotency-Key": UUID().uuidString])
            #expect(r.status == 400)
            #expect(r.json["code"]?.string == "JSON_DUPLICATE_MEMBER")
        }
        let batch = #"{"items":[{"recipient_address":"\#(Self.address)","amount_usdt":"1","amount_usdt":"2"}]}"#
        let b = try await g.call(
            "POST", "/api/v1/payouts/batch", token: token, body: batch, headers: ["Idempotency-Key": "b-dup"])
        #expect(b.status == 400 && b.json["code"]?.string == "JSON_DUPLICATE_MEMBER")

        let list = try await g.call("GET", "/api/v1/payouts", token: token)
        #expect(list.status == 200)
        #expect(list.json["data"]?.array?.isEmpty == true, "nothing was stored: \(list.text)")

        // The same body, declared JSON (with a parameter), is taken.
        let ok = try await g.call(
            "POST", "/api/v1/payouts", token: token, body: body, headers: ["Idempotency-Key": "good"],
            contentType: "application/json; charset=utf-8")
        #expect(ok.status == 201)
    }

    @Test("the wallet refuses an undeclared body itself, even with a valid assertion")
    func walletChecksTheMediaType() async throws {
        let stack = try await Stack()
        defer { stack.stop() }
        let body = #"{"recipient_address":"\#(Self.address)","amount_usdt":"1"}"#
        let r = try await stack.call("POST", "/api/v1/payouts", body: body, idempotencyKey: "k") {
            $0.setHeader("Content-Type", "text/plain")
        }
        #expect(r.status == 415)
        #expect(r.json["code"]?.string == "UNSUPPORTED_MEDIA_TYPE")
        #expect(try await stack.call("GET", "/api/v1/payouts").json["data"]?.array?.isEmpty == true)
    }

    @Test("past its failed-authentication budget a client's new tokens get 429; verified tokens still work")
    func failedAuthenticationsAreLimited() async throws {
        let g = try await GatewayStack(gatewayEnv: ["LUCID_AUTH_FAILURE_LIMIT": "5"])
        defer { g.stop() }
        let good = try await g.issue(sub: "svc-a", role: "service")
        #expect(try await g.call("GET", "/api/v1/payouts", token: good).status == 200)
        let parts = good.split(separator: ".").map(String.init)
        var statuses: [Int] = []
        for i in 0..<8 {
            // Each forged token differs (its claims), so none is answered from a cache.
            let claims = Base64URLText.encode(#"{"iss":"lucid-gateway","sub":"x\#(i)","role":"admin"}"#)
            statuses.append(
                try await g.call("GET", "/api/v1/payouts", token: "\(parts[0]).\(claims).\(parts[2])").status)
        }
        #expect(statuses.prefix(5).allSatisfy { $0 == 401 }, "\(statuses)")
        #expect(statuses.suffix(3).allSatisfy { $0 == 429 }, "\(statuses)")
        let limited = try await g.call("GET", "/api/v1/payouts", token: "\(parts[0]).e30.\(parts[2])")
        #expect(limited.json["code"]?.string == "RATE_LIMITED")
        #expect(limited.headers["retry-after"] != nil)
        // A token verified before is not a failed authentication: still served.
        #expect(try await g.call("GET", "/api/v1/payouts", token: good).status == 200)
    }
}

/// base64url of a string, for hand-made tokens.
enum Base64URLText {
    static func encode(_ s: String) -> String {
        Data(s.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
