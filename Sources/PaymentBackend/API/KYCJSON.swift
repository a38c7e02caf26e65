import LucidJSON
import TronKit

/// KYC records in the API: `PUT /api/v1/kyc/{address}` body and responses.
enum KYCJSON {
    static func address(_ s: String) throws -> TronAddress {
        do { return try TronAddress(base58: s) } catch {
            throw WalletError.validation([.init("/address", error.reason)])
        }
    }

    /// Parses `{"kyc_id","level":1-5,"status":"active|suspended|expired","expires_at"?,"note"?}`.
    static func parse(_ json: JSONValue, address: TronAddress, now: Int64) throws -> KYCRecord {
        var errors: [WalletError.FieldError] = []
        let kycID = json["kyc_id"]?.string ?? ""
        if kycID.isEmpty || kycID.utf8.count > 128 { errors.append(.init("/kyc_id", "required, 1-128 characters")) }
        let level = json["level"]?.int64 ?? 0
        if !(1...5).contains(level) { errors.append(.init("/level", "an integer from 1 to 5")) }
        let status = json["status"]?.string.flatMap(KYCRecord.Status.init(rawValue:))
        if json["status"] != nil, status == nil { errors.append(.init("/status", "active, suspended or expired")) }
        var expires = now + 365 * 86_400_000
        if let e = json["expires_at"]?.string {
            if let t = Timestamp.parse(e) {
                expires = t
            } else {
                errors.append(.init("/expires_at", "RFC 3339 UTC time"))
            }
        }
        let note = json["note"]?.string
        if let note, note.utf8.count > 1024 { errors.append(.init("/note", "at most 1024 bytes")) }
        guard errors.isEmpty else { throw WalletError.validation(errors) }
        return KYCRecord(
            address: address, kycID: kycID, level: Int(level), status: status ?? .active, verifiedAt: now,
            expiresAt: expires,
            note: note)
    }

    static func render(_ r: KYCRecord) -> JSONValue {
        .object([
            ("address", .string(r.address.base58)), ("kyc_id", .string(r.kycID)), ("level", .int(r.level)),
            ("status", .string(r.status.rawValue)), ("verified_at", .string(Timestamp.format(r.verifiedAt))),
            ("expires_at", .string(Timestamp.format(r.expiresAt))), ("note", r.note.map { .string($0) } ?? .null),
        ])
    }
}
