import BigInt
import Foundation
import LucidJSON

/// A human-checkable description of a transaction: what it pays, to whom, with which limits, and
/// who signed it. Built from hex of a signed `Transaction` or of a bare `raw_data`.
///
/// ```swift
/// let summary = try TransactionSummary(hex: signedHex)
/// print(summary.json.serialized)   // {"txID":…,"contract_type":"TriggerSmartContract",…}
/// ```
public struct TransactionSummary: Sendable {
    public let transaction: Transaction
    /// True when the input was a signed transaction, false for a bare raw_data.
    public let isSigned: Bool

    /// Decodes hex of a signed transaction, falling back to a bare `raw_data`.
    public init(hex: String) throws(TronKitError) {
        let bytes = try Hex.decode(hex.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !bytes.isEmpty else { throw .invalidTransaction("empty input") }
        if let tx = try? Transaction(protobuf: bytes), !tx.raw.contracts.isEmpty {
            transaction = tx
            isSigned = true
            return
        }
        let raw: TransactionRaw
        do { raw = try TransactionRaw(protobuf: bytes) } catch {
            throw .invalidTransaction("neither a signed transaction nor a raw_data: \(error.reason)")
        }
        guard !raw.contracts.isEmpty else {
            throw .invalidTransaction("neither a signed transaction nor a raw_data (no contract found)")
        }
        transaction = Transaction(raw: raw)
        isSigned = false
    }

    /// The summary as JSON.
    public var json: JSONValue {
        let raw = transaction.raw
        var m: [(String, JSONValue)] = [
            ("txID", .string(transaction.txIDHex)), ("kind", .string(isSigned ? "signed_transaction" : "raw_data")),
        ]
        if let contract = raw.contracts.first {
            m.append(("contract_type", .string(contract.type.name)))
            switch try? contract.decoded() {
            case .transfer(let c):
                m += [
                    ("owner", .string(c.ownerAddress.base58)), ("recipient", .string(c.toAddress.base58)),
                    ("amount_sun", .int(c.amount)), ("amount_trx", .string(Sun(c.amount).decimalString)),
                ]
            case .trigger(let c):
                m += [("owner", .string(c.ownerAddress.base58)), ("token_contract", .string(c.contractAddress.base58))]
                if let t = try? TRC20.decodeTransfer(c.data) {
                    m += [("function", .string("transfer(address,uint256)")), ("recipient", .string(t.to.base58))]
                    m.append(("amount_units", .string(String(t.amount))))
                    if c.contractAddress == .usdtMainnet, let units = Int64(exactly: t.amount) {
                        m.append(("amount_usdt", .string(MicroUSDT(units).decimalString)))
                    }
                    if t.dirtyAddressWord { m.append(("warning", .string("address word has non-zero high bytes"))) }
                } else {
                    m.append(("call_data", .string(Hex.encode(c.data))))
                }
                if c.callValue != 0 { m.append(("call_value_sun", .int(c.callValue))) }
            case .freezeV2(let c):
                m += [
                    ("owner", .string(c.ownerAddress.base58)), ("frozen_balance_sun", .int(c.frozenBalance)),
                    ("resource", .string(c.resource.name)),
                ]
            case .unfreezeV2(let c):
                m += [
                    ("owner", .string(c.ownerAddress.base58)), ("unfreeze_balance_sun", .int(c.unfreezeBalance)),
                    ("resource", .string(c.resource.name)),
                ]
            case .delegate(let c):
                m += [
                    ("owner", .string(c.ownerAddress.base58)), ("recipient", .string(c.receiverAddress.base58)),
                    ("balance_sun", .int(c.balance)), ("resource", .string(c.resource.name)), ("lock", .bool(c.lock)),
                    ("lock_period_blocks", .int(c.lockPeriod)),
                ]
            case .undelegate(let c):
                m += [
                    ("owner", .string(c.ownerAddress.base58)), ("recipient", .string(c.receiverAddress.base58)),
                    ("balance_sun", .int(c.balance)), ("resource", .string(c.resource.name)),
                ]
            case .withdrawExpireUnfreeze(let c): m.append(("owner", .string(c.ownerAddress.base58)))
            case .cancelAllUnfreezeV2(let c): m.append(("owner", .string(c.ownerAddress.base58)))
            case .withdrawBalance(let c): m.append(("owner", .string(c.ownerAddress.base58)))
            case .vote(let c):
                m.append(("owner", .string(c.ownerAddress.base58)))
                m.append(
                    (
                        "votes",
                        .array(
                            c.votes.map {
                                .object([("witness", .string($0.voteAddress.base58)), ("count", .int($0.voteCount))])
                            })
                    ))
            case .accountCreate(let c):
                m += [
                    ("owner", .string(c.ownerAddress.base58)), ("account", .string(c.accountAddress.base58)),
                    ("account_type", .string(c.type.name)),
                ]
            case .unsupported, nil:
                m.append(("parameter_hex", .string(Hex.encode(contract.parameter.value))))
            }
        }
        if !raw.data.isEmpty {
            m.append(("memo", raw.memo.map { .string($0) } ?? .null))
            m.append(("memo_hex", .string(Hex.encode(raw.data))))
        }
        m += [
            ("fee_limit_sun", .int(raw.feeLimit)), ("expiration", .int(raw.expiration)),
            ("timestamp", .int(raw.timestamp)),
            ("ref_block_bytes", .string(Hex.encode(raw.refBlockBytes))),
            ("ref_block_hash", .string(Hex.encode(raw.refBlockHash))),
        ]
        if raw.contracts.count != 1 {
            m.append(("warning", .string("\(raw.contracts.count) contracts; java-tron accepts exactly 1")))
        }
        let signers = transaction.signers()
        m.append(
            (
                "signatures",
                .array(
                    zip(transaction.signatures, signers).map { sig, signer in
                        .object([
                            ("signature", .string(Hex.encode(sig))),
                            ("signer", signer.map { .string($0.base58) } ?? .null),
                        ])
                    })
            ))
        if isSigned { m.append(("bandwidth_bytes", .int(transaction.bandwidth))) }
        return .object(m)
    }
}
