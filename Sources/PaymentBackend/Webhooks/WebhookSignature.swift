import Crypto
import Foundation
import TronKit

/// The `Lucid-Signature` header, in Stripe's scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256>` over
/// `"<t>.<body>"` with the endpoint's secret. Receivers recompute it, compare in constant time, and
/// refuse timestamps older than their tolerance (replays).
///
/// ```swift
/// let header = WebhookSignature.header(secret: secret, timestamp: 1_763_720_000, body: body)
/// WebhookSignature.verify(header: header, secret: secret, body: body, now: 1_763_720_030)  // true
/// ```
public enum WebhookSignature {
    public static let headerName = "Lucid-Signature"

    public static func header(secret: String, timestamp: Int64, body: [UInt8]) -> String {
        "t=\(timestamp),v1=\(Hex.encode(mac(secret: secret, timestamp: timestamp, body: body)))"
    }

    /// Checks a header against the body; `tolerance` bounds the age of the timestamp (seconds).
    public static func verify(header: String, secret: String, body: [UInt8], now: Int64, tolerance: Int64 = 300)
        -> Bool
    {
        var timestamp: Int64?
        var signatures: [[UInt8]] = []
        for part in header.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { continue }
            if kv[0] == "t" { timestamp = Int64(kv[1]) }
            if kv[0] == "v1", let bytes = try? Hex.decode(String(kv[1])) { signatures.append(bytes) }
        }
        guard let t = timestamp, abs(now - t) <= tolerance else { return false }
        let message = signed(timestamp: t, body: body)
        let key = SymmetricKey(data: Array(secret.utf8))
        // Constant-time comparison by swift-crypto.
        return signatures.contains {
            HMAC<SHA256>.isValidAuthenticationCode($0, authenticating: message, using: key)
        }
    }

    static func mac(secret: String, timestamp: Int64, body: [UInt8]) -> [UInt8] {
        Array(
            HMAC<SHA256>.authenticationCode(
                for: signed(timestamp: timestamp, body: body), using: SymmetricKey(data: Array(secret.utf8))))
    }

    /// `"<t>.<body>"`, the bytes the signature covers.
    static func signed(timestamp: Int64, body: [UInt8]) -> [UInt8] { Array("\(timestamp).".utf8) + body }
}
