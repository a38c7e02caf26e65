/// Every error TronKit raises, each with a stable machine-readable code.
///
/// Messages name what was wrong with the input; they never contain key material.
///
/// ```swift
/// do { _ = try TronAddress("Tbad") } catch let e as TronKitError { print(e.code) } // "ADDRESS_INVALID"
/// ```
public enum TronKitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Text that should have been hexadecimal was not (odd length or a non-hex character).
    case invalidHex(String)
    /// A Base58 string held a character outside the Bitcoin alphabet, or was empty.
    case invalidBase58(String)
    /// A TRON address failed a check: length, 0x41 prefix or checksum.
    case invalidAddress(String)
    /// A private key was not 32 bytes or outside the curve order.
    case invalidPrivateKey(String)
    /// A signature was malformed or did not recover to a public key.
    case invalidSignature(String)
    /// A decimal amount could not be parsed exactly.
    case invalidAmount(String)
    /// Protobuf bytes could not be decoded.
    case invalidProtobuf(String)
    /// ABI data could not be decoded.
    case invalidABI(String)
    /// JSON could not be parsed or lacked a required field.
    case invalidJSON(String)
    /// A transaction could not be built from the given parameters.
    case invalidTransaction(String)
    /// A keystore file was malformed, used unsupported parameters, or its password was wrong.
    case invalidKeystore(String)

    /// A stable code for logs, metrics and API errors.
    public var code: String {
        switch self {
        case .invalidHex: "HEX_INVALID"
        case .invalidBase58: "BASE58_INVALID"
        case .invalidAddress: "ADDRESS_INVALID"
        case .invalidPrivateKey: "PRIVATE_KEY_INVALID"
        case .invalidSignature: "SIGNATURE_INVALID"
        case .invalidAmount: "AMOUNT_INVALID"
        case .invalidProtobuf: "PROTOBUF_INVALID"
        case .invalidABI: "ABI_INVALID"
        case .invalidJSON: "JSON_INVALID"
        case .invalidTransaction: "TRANSACTION_INVALID"
        case .invalidKeystore: "KEYSTORE_INVALID"
        }
    }

    /// The human-readable reason.
    public var reason: String {
        switch self {
        case .invalidHex(let s), .invalidBase58(let s), .invalidAddress(let s), .invalidPrivateKey(let s),
            .invalidSignature(let s), .invalidAmount(let s), .invalidProtobuf(let s), .invalidABI(let s),
            .invalidJSON(let s), .invalidTransaction(let s), .invalidKeystore(let s):
            s
        }
    }

    public var description: String { "\(code): \(reason)" }
}
