import LucidJSON
import TronKit

/// A produced block: its header, the transactions it packed and their results.
struct DevnetBlock: Sendable {
    /// A packed transaction and the result java-tron prints in `ret`.
    struct Entry: Sendable {
        let tx: Transaction
        let txid: String
        let contractRet: String
    }

    let header: BlockHeaderRaw
    let id: BlockID
    let witnessSignature: [UInt8]
    let entries: [Entry]

    var number: Int64 { header.number }
    var timestamp: Int64 { header.timestamp }

    init(number: Int64, timestamp: Int64, parent: BlockID?, entries: [Entry], witness: PrivateKey) {
        let leaves = entries.map { SHA256Digest.hash($0.tx.protobuf) }
        header = BlockHeaderRaw(
            timestamp: timestamp, txTrieRoot: Self.merkleRoot(leaves),
            parentHash: parent?.bytes ?? [UInt8](repeating: 0, count: 32),
            number: number, witnessAddress: witness.address.bytes, version: 34)
        id = header.blockID
        witnessSignature = (try? witness.sign(digest: SHA256Digest.hash(header.protobuf)).bytes) ?? []
        self.entries = entries
    }

    /// A binary SHA-256 Merkle root (an odd leaf is carried up); 32 zero bytes for no transactions.
    static func merkleRoot(_ leaves: [[UInt8]]) -> [UInt8] {
        guard !leaves.isEmpty else { return [UInt8](repeating: 0, count: 32) }
        var level = leaves
        while level.count > 1 {
            var next = [[UInt8]]()
            var i = 0
            while i < level.count {
                next.append(i + 1 < level.count ? SHA256Digest.hash(level[i] + level[i + 1]) : level[i])
                i += 2
            }
            level = next
        }
        return level[0]
    }

    /// java-tron's block JSON; the `transactions` key is absent for an empty block.
    func json(visible: Bool) -> JSONValue {
        var raw: [(String, JSONValue)] = [("number", .int(number))]
        raw.append(("txTrieRoot", .string(Hex.encode(header.txTrieRoot))))
        if let w = try? TronAddress(bytes: header.witnessAddress) {
            raw.append(("witness_address", TransactionJSON.address(w, visible: visible)))
        }
        raw.append(("parentHash", .string(Hex.encode(header.parentHash))))
        raw.append(("version", .int(Int64(header.version))))
        raw.append(("timestamp", .int(timestamp)))
        var m: [(String, JSONValue)] = [
            ("blockID", .string(id.hex)),
            (
                "block_header",
                .object([("raw_data", .object(raw)), ("witness_signature", .string(Hex.encode(witnessSignature)))])
            ),
        ]
        if !entries.isEmpty {
            m.append(
                (
                    "transactions",
                    .array(entries.map { TransactionJSON.print($0.tx, visible: visible, contractRet: $0.contractRet) })
                ))
        }
        return .object(m)
    }
}
