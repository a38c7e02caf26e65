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

    /// Validates `json`; `prefix` is the pointer of the object (e.g. `/items/3` in a batch).
    public static func parse(_ json: JSONValue, prefix: String = "") throws(WalletError) -> PayoutRequest {
        var errors: [WalletError.FieldError] = []
        guard let members = json.object else {
            throw .validation([.init(prefix.isEmpty ? "/" : prefix, "must be a JSON object")])
        }
        for (key, _) in members where !knownFields.contains(key) {
            errors.append(.init("\(prefix)/\(key)", "unknown field"))
        }
        func pointer(_ k: String) -> String { "\(prefix)/\(k)" }

        var recipient: TronAddress?
        if let s = json["recipient_address"]?.string {
            if s.hasPrefix("T") {
                do { recipient = try TronAddress(base58: s) } catch {
                    errors.append(.init(pointer("recipient_address"), error.reason))
                }
            } else {
                errors.append(.init(pointer("recipient_address"), "must be a Base58Check TRON address (T…)"))
            }
        } else {
            errors.append(.init(pointer("recipient_address"), "required string"))
        }

        var amount: MicroUSDT?
        switch json["amount_usdt"] {
        case .string(let s)?, .number(let s)?:
            do {
                let a = try MicroUSDT(parsing: s)
                if a.value <= 0 {
                    errors.append(.init(pointer("amount_usdt"), "must be greater than 0"))
                } else {
                    amount = a
                }
            } catch { errors.append(.init(pointer("amount_usdt"), error.reason)) }
        default:
            errors.append(.init(pointer("amount_usdt"), "required: a decimal string or number, at most 6 decimals"))
        }

        func optionalString(_ key: String, max: Int) -> String? {
            guard let v = json[key], !v.isNull else { return nil }
            guard let s = v.string else {
                errors.append(.init(pointer(key), "must be a string"))
                return nil
            }
            if s.unicodeScalars.count > max { errors.append(.init(pointer(key), "at most \(max) characters")) }
            if s.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                errors.append(.init(pointer(key), "control characters are not allowed"))
            }
            return s
        }
        func identifier(_ key: String) -> String? {
            guard let s = optionalString(key, max: 128) else { return nil }
            if s.isEmpty
                || !s.unicodeScalars.allSatisfy({
                    $0.isASCII
                        && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
                            || "-_.:@".unicodeScalars.contains($0))
                })
            {
                errors.append(.init(pointer(key), "1-128 characters: letters, digits, - _ . : @"))
            }
            return s
        }
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, default d: T) -> T where T.RawValue == String {
            guard let v = json[key], !v.isNull else { return d }
            guard let s = v.string, let c = T(rawValue: s) else {
                errors.append(.init(pointer(key), "one of " + T.allCases.map(\.rawValue).joined(separator: ", ")))
                return d
            }
            return c
        }

        let reason = optionalString("reason", max: 256)
        let routerType: RouterType = choice("router_type", default: .v0)
        let priority: PayoutPriority = choice("priority", default: .normal)
        let batchType: BatchType = choice("batch_type", default: .immediate)
        let nodeID = identifier("node_id")
        let userID = identifier("user_id")
        let userIssuer = optionalString("user_issuer", max: 256)
        if let userIssuer, !Principal.isValidIssuer(userIssuer) {
            errors.append(.init(pointer("user_issuer"), "an issuer: no '#', spaces or control characters"))
        }
        if userIssuer != nil, userID == nil {
            errors.append(.init(pointer("user_issuer"), "only together with user_id"))
        }
        let sessionID = identifier("session_id")
        let kycID = identifier("kyc_id")

        var metadata: String?
        if let m = json["metadata"], !m.isNull {
            if let members = m.object {
                let flat = members.allSatisfy { _, v in v.object == nil && v.array == nil }
                if !flat {
                    errors.append(.init(pointer("metadata"), "must be a flat object (no nested objects or arrays)"))
                }
                if members.count > maxMetadataKeys {
                    errors.append(.init(pointer("metadata"), "at most \(maxMetadataKeys) keys"))
                }
                let text = JSONValue.object(members.sorted { $0.0 < $1.0 }).serialized
                if text.utf8.count > maxMetadataBytes {
                    errors.append(.init(pointer("metadata"), "at most \(maxMetadataBytes) bytes"))
                }
                metadata = text
            } else {
                errors.append(.init(pointer("metadata"), "must be a JSON object"))
            }
        }

        guard errors.isEmpty, let recipient, let amount else { throw .validation(errors) }
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
