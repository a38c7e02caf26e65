/// `Return.response_code` from java-tron's `api.proto`: why a broadcast was refused.
public enum BroadcastCode: String, Sendable, CaseIterable {
    case success = "SUCCESS"
    case sigError = "SIGERROR"
    case contractValidateError = "CONTRACT_VALIDATE_ERROR"
    case contractExeError = "CONTRACT_EXE_ERROR"
    case bandwidthError = "BANDWITH_ERROR"  // [sic], as java-tron spells it
    case dupTransactionError = "DUP_TRANSACTION_ERROR"
    case taposError = "TAPOS_ERROR"
    case tooBigTransactionError = "TOO_BIG_TRANSACTION_ERROR"
    case transactionExpirationError = "TRANSACTION_EXPIRATION_ERROR"
    case serverBusy = "SERVER_BUSY"
    case noConnection = "NO_CONNECTION"
    case notEnoughEffectiveConnection = "NOT_ENOUGH_EFFECTIVE_CONNECTION"
    case blockUnsolidified = "BLOCK_UNSOLIDIFIED"
    case otherError = "OTHER_ERROR"

    /// True for refusals where sending the same signed bytes again may succeed later.
    public var isTransient: Bool {
        switch self {
        case .serverBusy, .noConnection, .notEnoughEffectiveConnection, .blockUnsolidified: true
        default: false
        }
    }
}

/// A broadcast the node refused: its code and the decoded message.
public struct BroadcastRejection: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: BroadcastCode
    public var message: String
    public var txid: String?

    public init(code: BroadcastCode, message: String, txid: String? = nil) {
        self.code = code
        self.message = message
        self.txid = txid
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
