import LucidAssertion
import LucidJSON
import TronKit

/// A validated request to create one payout. Parsing collects every bad field with its JSON pointer.
///
/// ```json
/// {"recipient_address": "T…", "amount_usdt": "12.5", "reason": "node reward", "router_type": "v0",
///  "priority": "normal", "batch_type": "immediate", "node_id": "n-1", "metadata": {"epoch": 7}}
/// ```
public struct PayoutRequest: Sendable, Equatable {
    public var recipient: TronAddress
    public var amount: MicroUSDT
    public var reason: String?
    public var routerType: RouterType
    public var priority: PayoutPriority
    public var batchType: BatchType
    public var nodeID: String?
    public var userID: String?
    /// The issuer whose user `userID` names (end users are namespaced by issuer); when a request
    /// names a user without it, the creator's own issuer.
    public var userIssuer: String?
    public var sessionID: String?
    public var kycID: String?
    /// A small flat JSON object, kept as its canonical serialization.
    public var metadata: String?

    static let knownFields: Set<String> = [
        "recipient_address", "amount_usdt", "reason", "router_type", "priority", "batch_type", "node_id", "user_id",
        "user_issuer", "session_id", "kyc_id", "metadata",
    ]
    static let maxMetadataBytes = 2048
    static let maxMetadataKeys = 32

    /// Validates `json`; `prefix` is the pointer of the object (e.g. `/items/3` in a batch). Every
    /// bad field is reported, each with its pointer.
    public static func parse(_ json: JSONValue, prefix: String = "") throws(WalletError) -> PayoutRequest {
        guard let members = json.object else {
            throw .validation([.init(prefix.isEmpty ? "/" : prefix, "must be a JSON object")])
        }
        var f = FieldReader(json, prefix: prefix)
        for (key, _) in members where !knownFields.contains(key) { f.fail(key, "unknown field") }
        let recipient = f.recipient("recipient_address")
        let amount = f.amount("amount_usdt")
        let reason = f.optionalString("reason", max: 256)
        let routerType: RouterType = f.choice("router_type", default: .v0)
        let priority: PayoutPriority = f.choice("priority", default: .normal)
        let batchType: BatchType = f.choice("batch_type", default: .immediate)
        let nodeID = f.identifier("node_id")
        let userID = f.identifier("user_id")
        let userIssuer = f.optionalString("user_issuer", max: 256)
        if let userIssuer, !Principal.isValidIssuer(userIssuer) {
            f.fail("user_issuer", "an issuer: no '#', spaces or control characters")
        }
        if userIssuer != nil, userID == nil { f.fail("user_issuer", "only together with user_id") }
        let sessionID = f.identifier("session_id")
        let kycID = f.identifier("kyc_id")
        let metadata = f.flatObject("metadata", maxKeys: maxMetadataKeys, maxBytes: maxMetadataBytes)
        guard f.errors.isEmpty, let recipient, let amount else { throw .validation(f.errors) }
        return PayoutRequest(
            recipient: recipient, amount: amount, reason: reason, routerType: routerType, priority: priority,
            batchType: batchType, nodeID: nodeID, userID: userID, userIssuer: userIssuer, sessionID: sessionID,
            kycID: kycID, metadata: metadata)
    }

    /// A canonical form for idempotency: the same request always hashes the same, whatever the
    /// JSON spelling (key order, whitespace, `"1.50"` vs `1.5`).
    public var fingerprint: String {
        let parts: [String] =
            [
                recipient.base58, String(amount.value), reason ?? "", routerType.rawValue, priority.rawValue,
                batchType.rawValue,
                nodeID ?? "", userID ?? "", sessionID ?? "", kycID ?? "", metadata ?? "",
            ] + (userIssuer.map { [$0] } ?? [])
        return Hex.encode(SHA256Digest.hash(Array(parts.joined(separator: "\u{1f}").utf8)))
    }
}
