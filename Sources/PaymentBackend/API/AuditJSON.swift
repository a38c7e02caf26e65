import LucidJSON
import TronKit

/// Audit entries as JSON (the API and `lucidctl audit export --format jsonl`) and as CSV rows with
/// spreadsheet formula injection neutralised.
public enum AuditJSON {
    public static func render(_ e: AuditEntry) -> JSONValue {
        .object([
            ("seq", .int(e.seq)), ("at", .string(Timestamp.format(e.at))), ("actor", .string(e.actor)),
            ("action", .string(e.action)), ("subject", .string(e.subject)),
            ("detail", (try? JSONValue.parse(e.detail)) ?? .string(e.detail)),
            ("previous_hash", .string(e.previousHash)), ("hash", .string(e.hash)),
        ])
    }

    public static let csvHeader = "seq,at,actor,action,subject,detail,previous_hash,hash"

    public static func csvRow(_ e: AuditEntry) -> String {
        [String(e.seq), Timestamp.format(e.at), e.actor, e.action, e.subject, e.detail, e.previousHash, e.hash]
            .map(csvField).joined(separator: ",")
    }

    /// RFC 4180 quoting, and a leading `'` before `=`, `+`, `-`, `@`, tab or CR so a spreadsheet
    /// shows the text instead of evaluating it (OWASP's CSV injection advice).
    public static func csvField(_ s: String) -> String {
        var v = s
        if let first = v.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { v = "'" + v }
        guard v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "'" }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
