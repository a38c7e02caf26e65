import TronKit

/// Which transactions this engine run has sent, and the solid blocks it has read their receipts
/// from.
///
/// One `gettransactioninfobyblocknum` per solid block finds the receipts of every payout in that
/// block, where `gettransactioninfobyid` would take one call per payout. That halves the node calls
/// a payout costs, which matters against a metered API such as TronGrid. The scan only finds
/// receipts; it proves nothing absent. Expiry is still proven by a per-transaction look-up. Payouts
/// the scan does not watch, such as those sent before a restart, are looked up one by one as before.
///
///     scan.recordSent(payoutID: p.id, txid: tx.txIDHex, chainTime: head.timestamp, solidNumber: solid.number)
///     if let blocks = scan.blocksToRead(solidHead: solid.number, limit: 64) { … scan.record(block: n, infos) }
///     if let info = scan.receipt(for: p) { finalize(p, info) }
struct ReceiptScan: Sendable {
    /// A transaction as first sent in this run.
    struct Sent: Sendable {
        var txid: String
        /// Head block time when it was sent: it cannot be solid while the solid head is older.
        var chainTime: Int64
        /// The solid head when it was sent: no block up to this one can hold it.
        var solidNumber: Int64
    }

    /// Payout id → its transaction.
    private(set) var sent: [String: Sent] = [:]
    /// Solid blocks read so far, without gaps; nil before the first (or after nothing was left to watch).
    private(set) var scanned: ClosedRange<Int64>?
    /// Receipts found for watched payouts, by payout id.
    private var found: [String: TransactionInfo] = [:]

    /// Notes a send; a re-send of the same transaction keeps the first note.
    mutating func recordSent(payoutID: String, txid: String, chainTime: Int64, solidNumber: Int64) {
        guard sent[payoutID]?.txid != txid else { return }
        sent[payoutID] = Sent(txid: txid, chainTime: chainTime, solidNumber: solidNumber)
        found[payoutID] = nil
    }

    /// Forgets payouts that are no longer in flight; with none left, the scan stops.
    mutating func retain(only ids: Set<String>) {
        sent = sent.filter { ids.contains($0.key) }
        found = found.filter { ids.contains($0.key) }
        if sent.isEmpty { scanned = nil }
    }

    /// The solid blocks to read next (at most `limit`), or nil when there is nothing to read.
    func blocksToRead(solidHead: Int64, limit: Int) -> ClosedRange<Int64>? {
        guard let start = scanned.map({ $0.upperBound + 1 }) ?? sent.values.map({ $0.solidNumber + 1 }).min(),
            start <= solidHead
        else { return nil }
        return start...min(solidHead, start + Int64(max(1, limit)) - 1)
    }

    /// Records the receipts of block `number`, which must be the next one `blocksToRead` named.
    mutating func record(block number: Int64, infos: [TransactionInfo]) {
        if let scanned {
            precondition(number == scanned.upperBound + 1, "solid blocks are read in order, without gaps")
            self.scanned = scanned.lowerBound...number
        } else {
            scanned = number...number
        }
        guard !infos.isEmpty else { return }
        var payoutByTxid: [String: String] = [:]
        payoutByTxid.reserveCapacity(sent.count)
        for (id, s) in sent { payoutByTxid[s.txid] = id }
        for info in infos {
            if let id = payoutByTxid[info.id] { found[id] = info }
        }
    }

    /// The receipt the scan found for the payout's current transaction.
    func receipt(for p: Payout) -> TransactionInfo? {
        guard let info = found[p.id], info.id == p.attempt?.txid else { return nil }
        return info
    }

    /// Whether the scan found a receipt for the payout.
    func hasReceipt(_ payoutID: String) -> Bool { found[payoutID] != nil }

    /// Whether the scan reads every solid block that could hold the payout's transaction, from the
    /// moment it was sent: it finds the receipt as soon as a per-transaction look-up could.
    func watches(_ payoutID: String) -> Bool {
        guard let s = sent[payoutID], let scanned else { return false }
        return scanned.lowerBound <= s.solidNumber + 1
    }
}
