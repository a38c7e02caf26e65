import Foundation
import LucidJSON
import TronKit

/// Reads the members of one request object, collecting every bad field as a `FieldError` with its
/// JSON pointer (under `prefix`, e.g. `/items/3`) rather than stopping at the first.
struct FieldReader {
    let json: JSONValue
    let prefix: String
    private(set) var errors: [WalletError.FieldError] = []

    init(_ json: JSONValue, prefix: String) {
        self.json = json
        self.prefix = prefix
    }

    func pointer(_ key: String) -> String { "\(prefix)/\(key)" }

    mutating func fail(_ key: String, _ detail: String) { errors.append(.init(pointer(key), detail)) }

    /// A required Base58Check address (`T…`).
    mutating func recipient(_ key: String) -> TronAddress? {
        guard let s = json[key]?.string else {
            fail(key, "required string")
            return nil
        }
        guard s.hasPrefix("T") else {
            fail(key, "must be a Base58Check TRON address (T…)")
            return nil
        }
        do { return try TronAddress(base58: s) } catch {
            fail(key, error.reason)
            return nil
        }
    }

    /// A required positive amount (USDT by default, or TRX): a decimal string or number, at most 6
    /// decimals, exact.
    mutating func amount<U: AmountUnit>(_ key: String, _ unit: Amount<U>.Type = MicroUSDT.self) -> Amount<U>? {
        switch json[key] {
        case .string(let s)?, .number(let s)?:
            do {
                let a = try Amount<U>(parsing: s)
                guard a.value > 0 else {
                    fail(key, "must be greater than 0")
                    return nil
                }
                return a
            } catch {
                fail(key, error.reason)
                return nil
            }
        default:
            fail(key, "required: a decimal string or number, at most 6 decimals")
            return nil
        }
    }

    /// An optional string of at most `max` characters without control characters.
    mutating func optionalString(_ key: String, max: Int) -> String? {
        guard let v = json[key], !v.isNull else { return nil }
        guard let s = v.string else {
            fail(key, "must be a string")
            return nil
        }
        if s.unicodeScalars.count > max { fail(key, "at most \(max) characters") }
        if s.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            fail(key, "control characters are not allowed")
        }
        return s
    }

    /// An optional identifier: 1-128 ASCII letters, digits and `- _ . : @`.
    mutating func identifier(_ key: String) -> String? {
        guard let s = optionalString(key, max: 128) else { return nil }
        let allowed = s.unicodeScalars.allSatisfy {
            $0.isASCII
                && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.:@".unicodeScalars.contains($0))
        }
        if s.isEmpty || !allowed { fail(key, "1-128 characters: letters, digits, - _ . : @") }
        return s
    }

    /// An optional Base58Check address.
    mutating func optionalAddress(_ key: String) -> TronAddress? {
        guard let v = json[key], !v.isNull else { return nil }
        return recipient(key)
    }

    /// An optional boolean; `fallback` when absent.
    mutating func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let v = json[key], !v.isNull else { return fallback }
        guard let b = v.bool else {
            fail(key, "must be true or false")
            return fallback
        }
        return b
    }

    /// An optional integer in `range`: a JSON number whose value is whole (`180`, and as JSON Schema
    /// counts integers also `180.0` or `1.8e2`, all the same value), never a string.
    mutating func integer(_ key: String, in range: ClosedRange<Int64>) -> Int64? {
        guard let v = json[key], !v.isNull else { return nil }
        guard case .number(let text) = v, let n = Self.wholeNumber(text), range.contains(n) else {
            fail(key, "an integer from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return n
    }

    /// The exact value of a JSON number's text when it is whole and fits Int64.
    static func wholeNumber(_ text: String) -> Int64? {
        if let n = Int64(text) { return n }
        guard let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), d.isFinite else { return nil }
        var value = d
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .plain)
        guard rounded == d, rounded >= Decimal(Int64.min), rounded <= Decimal(Int64.max) else { return nil }
        return Int64(exactly: NSDecimalNumber(decimal: rounded).int64Value).flatMap {
            Decimal($0) == rounded ? $0 : nil
        }
    }

    /// One of an enum's names; `fallback` when absent.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, default fallback: T) -> T
    where T.RawValue == String {
        guard let v = json[key], !v.isNull else { return fallback }
        guard let s = v.string, let c = T(rawValue: s) else {
            fail(key, "one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
            return fallback
        }
        return c
    }

    /// An optional flat object (no nested objects or arrays), kept as its serialization with the
    /// keys sorted.
    mutating func flatObject(_ key: String, maxKeys: Int, maxBytes: Int) -> String? {
        guard let m = json[key], !m.isNull else { return nil }
        guard let members = m.object else {
            fail(key, "must be a JSON object")
            return nil
        }
        if !members.allSatisfy({ _, v in v.object == nil && v.array == nil }) {
            fail(key, "must be a flat object (no nested objects or arrays)")
        }
        if members.count > maxKeys { fail(key, "at most \(maxKeys) keys") }
        let text = JSONValue.object(members.sorted { $0.0 < $1.0 }).serialized
        if text.utf8.count > maxBytes { fail(key, "at most \(maxBytes) bytes") }
        return text
    }
}
