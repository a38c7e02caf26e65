import LucidJSON

/// What a ledger backup holds, written next to it as `<backup>.manifest.json`: when it was taken,
/// its size and SHA-256, the schema version, the audit chain's head, and every table's row count.
/// `lucidctl restore` puts a backup in place only when all of these match the file.
public struct BackupManifest: Sendable, Equatable {
    public static let format = "lucid-wallet-backup/1"

    public var createdAtMs: Int64
    /// The backup file's name (no directory: the manifest travels with it).
    public var file: String
    public var bytes: Int64
    public var sha256: String
    /// The last schema migration applied.
    public var schemaVersion: String
    public var auditEntries: Int64
    public var auditHeadSeq: Int64
    public var auditHeadHash: String
    /// Rows per table, by table name.
    public var rows: [String: Int64]

    public init(
        createdAtMs: Int64, file: String, bytes: Int64, sha256: String, schemaVersion: String, auditEntries: Int64,
        auditHeadSeq: Int64, auditHeadHash: String, rows: [String: Int64]
    ) {
        self.createdAtMs = createdAtMs
        self.file = file
        self.bytes = bytes
        self.sha256 = sha256
        self.schemaVersion = schemaVersion
        self.auditEntries = auditEntries
        self.auditHeadSeq = auditHeadSeq
        self.auditHeadHash = auditHeadHash
        self.rows = rows
    }

    public var json: JSONValue {
        .object([
            ("format", .string(Self.format)), ("created_at_ms", .int(createdAtMs)), ("file", .string(file)),
            ("bytes", .int(bytes)), ("sha256", .string(sha256)), ("schema_version", .string(schemaVersion)),
            (
                "audit",
                .object([
                    ("entries", .int(auditEntries)), ("head_seq", .int(auditHeadSeq)),
                    ("head_hash", .string(auditHeadHash)),
                ])
            ),
            ("rows", .object(rows.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
        ])
    }

    /// Reads a manifest; nil names nothing — the caller reports the file as not a manifest.
    public init?(json: JSONValue) {
        guard json["format"]?.string == Self.format, let created = json["created_at_ms"]?.integer,
            let file = json["file"]?.string, let bytes = json["bytes"]?.integer, let sha = json["sha256"]?.string,
            let schema = json["schema_version"]?.string, let audit = json["audit"],
            let entries = audit["entries"]?.integer, let seq = audit["head_seq"]?.integer,
            let head = audit["head_hash"]?.string, let rowMembers = json["rows"]?.object
        else { return nil }
        var rows: [String: Int64] = [:]
        for (name, value) in rowMembers {
            guard let n = value.integer else { return nil }
            rows[name] = n
        }
        self.init(
            createdAtMs: created, file: file, bytes: bytes, sha256: sha, schemaVersion: schema, auditEntries: entries,
            auditHeadSeq: seq, auditHeadHash: head, rows: rows)
    }
}
