import LucidJSON
import TronKit

/// Faults the devnet can inject, set at start or changed at runtime via `POST /admin/faults`.
///
/// ```json
/// {"broadcast_error": "SERVER_BUSY", "broadcast_error_count": 3, "drop_transactions": false,
///  "latency_ms": 0, "node_down": "none", "stall_solidification": false, "omit_transfer_logs": false}
/// ```
public struct DevnetFaults: Sendable, Equatable {
    /// How the API listener behaves when the node is "down".
    public enum NodeDown: String, Sendable, CaseIterable {
        /// Normal service.
        case none
        /// The API port is closed: connections are refused.
        case refuse
        /// Every API request gets HTTP 503.
        case unavailable
    }

    /// Refuse broadcasts with this code (java-tron's message for it).
    public var broadcastError: BroadcastCode?
    /// Refuse only this many broadcasts, then clear `broadcastError`; nil = until changed.
    public var broadcastErrorCount: Int?
    /// Accept broadcasts but never apply or include them.
    public var dropTransactions = false
    /// Added to every API response.
    public var latencyMs = 0
    public var nodeDown = NodeDown.none
    /// Freeze the solid head where it is.
    public var stallSolidification = false
    /// Execute USDT transfers but record no Transfer log (a token that moves funds silently).
    public var omitTransferLogs = false

    public init() {}

    /// Applies the members present in a JSON object; absent members keep their value.
    public mutating func update(from json: JSONValue) throws(DevnetError) {
        guard json.object != nil else { throw .invalidAdminRequest("faults must be a JSON object") }
        if let v = json["broadcast_error"] {
            if v.isNull {
                broadcastError = nil
            } else {
                guard let s = v.string, let code = BroadcastCode(rawValue: s), code != .success else {
                    throw .invalidAdminRequest("broadcast_error must be a java-tron response code or null")
                }
                broadcastError = code
            }
        }
        if let v = json["broadcast_error_count"] {
            if v.isNull {
                broadcastErrorCount = nil
            } else {
                guard let n = v.int64, n >= 0, n <= 1_000_000 else {
                    throw .invalidAdminRequest("broadcast_error_count must be a non-negative integer or null")
                }
                broadcastErrorCount = Int(n)
            }
        }
        if let v = json["drop_transactions"] {
            guard let b = v.bool else { throw .invalidAdminRequest("drop_transactions must be a boolean") }
            dropTransactions = b
        }
        if let v = json["latency_ms"] {
            guard let n = v.int64, n >= 0, n <= 120_000 else {
                throw .invalidAdminRequest("latency_ms must be between 0 and 120000")
            }
            latencyMs = Int(n)
        }
        if let v = json["node_down"] {
            guard let s = v.string, let mode = NodeDown(rawValue: s) else {
                throw .invalidAdminRequest("node_down must be one of none, refuse, unavailable")
            }
            nodeDown = mode
        }
        if let v = json["stall_solidification"] {
            guard let b = v.bool else { throw .invalidAdminRequest("stall_solidification must be a boolean") }
            stallSolidification = b
        }
        if let v = json["omit_transfer_logs"] {
            guard let b = v.bool else { throw .invalidAdminRequest("omit_transfer_logs must be a boolean") }
            omitTransferLogs = b
        }
    }

    public var json: JSONValue {
        .object([
            ("broadcast_error", broadcastError.map { .string($0.rawValue) } ?? .null),
            ("broadcast_error_count", broadcastErrorCount.map { .int($0) } ?? .null),
            ("drop_transactions", .bool(dropTransactions)),
            ("latency_ms", .int(latencyMs)),
            ("node_down", .string(nodeDown.rawValue)),
            ("stall_solidification", .bool(stallSolidification)),
            ("omit_transfer_logs", .bool(omitTransferLogs)),
        ])
    }
}
