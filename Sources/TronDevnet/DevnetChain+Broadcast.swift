import LucidJSON
import TronKit

extension DevnetChain {
    /// java-tron's maximum serialized transaction size (`TRANSACTION_MAX_BYTE_SIZE`).
    static let maxTransactionBytes = 500 * 1024
    /// java-tron's `MAXIMUM_TIME_UNTIL_EXPIRATION`.
    static let maxExpirationWindowMs: Int64 = 86_400_000

    /// Validates a signed transaction like java-tron's `Wallet.broadcastTransaction` and, when it
    /// passes, applies it to the pending state. Returns the txid.
    public func broadcast(_ tx: Transaction) throws(BroadcastRejection) -> String {
        let txid = tx.txIDHex
        func reject(_ code: BroadcastCode, _ message: String) -> BroadcastRejection {
            BroadcastRejection(code: code, message: message, txid: txid)
        }

        if let code = faults.broadcastError {
            if let n = faults.broadcastErrorCount {
                faults.broadcastErrorCount = n - 1
                if n - 1 <= 0 {
                    faults.broadcastError = nil
                    faults.broadcastErrorCount = nil
                }
            }
            throw reject(code, Self.standardMessage(code))
        }
        guard pending.count < configuration.maxPendingTransactions else { throw reject(.serverBusy, "Server busy.") }
        guard !pendingIDs.contains(txid), included[txid] == nil else {
            throw reject(.dupTransactionError, "Dup transaction.")
        }

        // TAPOS, size and expiration (Manager.validateTapos / validateCommon).
        guard tx.raw.refBlockBytes.count == 2, let hash = recentBlocks[tx.raw.refBlockBytes],
            hash == tx.raw.refBlockHash
        else { throw reject(.taposError, "Tapos check error.") }
        let size = tx.protobuf.count
        guard size <= Self.maxTransactionBytes else {
            throw reject(.tooBigTransactionError, "Too big transaction, the size is \(size) bytes")
        }
        let headTime = head.timestamp
        guard tx.raw.expiration > headTime, tx.raw.expiration <= headTime + Self.maxExpirationWindowMs else {
            throw reject(.transactionExpirationError, "Transaction expired")
        }

        // Exactly one contract of a supported type.
        guard tx.raw.contracts.count == 1, let contract = tx.raw.contracts.first else {
            throw reject(
                .contractValidateError, "Contract validate error : act size should be exactly 1, this is extend feature"
            )
        }
        let decoded: DecodedContract
        do { decoded = try contract.decoded() } catch {
            throw reject(.contractValidateError, "Contract validate error : \(error.reason)")
        }
        guard let owner = decoded.ownerAddress else {
            throw reject(
                .contractValidateError,
                "Contract validate error : contract type \(contract.type.name) is not supported by the devnet")
        }

        // Signatures (TransactionCapsule.validateSignature).
        try verifySignatures(tx, owner: owner, reject: reject)

        // fee_limit range for contract calls.
        if case .trigger = decoded, tx.raw.feeLimit < 0 || tx.raw.feeLimit > configuration.maxFeeLimit {
            throw reject(
                .contractValidateError,
                "Contract validate error : feeLimit must be >= 0 and <= \(configuration.maxFeeLimit)")
        }

        // Execution against the pending state; throws for contract validation and bandwidth errors.
        let result = try execute(tx, txid: txid, contract: decoded, reject: reject)
        if faults.dropTransactions { return txid }  // accepted, never applied, never included
        commit(result)
        return txid
    }

    /// The actuator's refusal of the transaction's contract against the current state, or nil when
    /// it would execute (java-tron's transaction builders validate this way; bandwidth is not
    /// checked before signing).
    func validate(_ tx: Transaction) -> String? {
        let prefix = "Contract validate error : "
        guard let contract = tx.raw.contracts.first else { return "act size should be exactly 1" }
        let decoded: DecodedContract
        do { decoded = try contract.decoded() } catch { return error.reason }
        do {
            _ = try execute(tx, txid: tx.txIDHex, contract: decoded) {
                BroadcastRejection(code: $0, message: $1, txid: "")
            }
        } catch {
            guard error.code == .contractValidateError else { return nil }
            return error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message
        }
        return nil
    }

    func verifySignatures(
        _ tx: Transaction, owner: TronAddress, reject: (BroadcastCode, String) -> BroadcastRejection
    ) throws(BroadcastRejection) {
        guard !tx.signatures.isEmpty else {
            throw reject(.sigError, "Validate signature error: miss sig or contract")
        }
        let digest = tx.txID
        var approved = false
        for s in tx.signatures {
            guard s.count == 65 else {
                throw reject(.sigError, "Validate signature error: Signature size is \(s.count)")
            }
            let signer: TronAddress
            do { signer = try RecoverableSignature(bytes: s).recoverAddress(digest: digest) } catch {
                throw reject(.sigError, "Validate signature error: sig error")
            }
            guard signer == owner else {
                throw reject(
                    .sigError,
                    "Validate signature error: \(Hex.encode(s)) is signed by \(signer.base58) but it is not contained of permission."
                )
            }
            approved = true
        }
        guard approved else { throw reject(.sigError, "Validate signature error: sig error") }
    }

    /// java-tron's message for a code when a fault injects it.
    static func standardMessage(_ code: BroadcastCode) -> String {
        switch code {
        case .serverBusy: "Server busy."
        case .noConnection: "No connection."
        case .notEnoughEffectiveConnection: "Not enough effective connection."
        case .blockUnsolidified: "Block unsolidified."
        case .dupTransactionError: "Dup transaction."
        case .taposError: "Tapos check error."
        case .transactionExpirationError: "Transaction expired"
        case .bandwidthError: "Account resource insufficient error."
        case .sigError: "Validate signature error: sig error"
        case .contractValidateError: "Contract validate error : injected fault"
        case .contractExeError: "Contract execute error : injected fault"
        case .tooBigTransactionError: "Too big transaction"
        case .otherError: "Error: injected fault"
        case .success: ""
        }
    }

    // MARK: getsignweight

    /// `getsignweight`: the owner permission, the weight of the signatures present, and the txID
    /// computed from `raw_data` (tronpy takes its txID from here).
    func signWeight(_ tx: Transaction, visible: Bool) -> JSONValue {
        let owner = try? tx.raw.singleContract().decoded().ownerAddress
        var m: [(String, JSONValue)] = []
        let txJSON = JSONValue.object([
            ("result", .object([("result", .bool(true))])), ("txid", .string(tx.txIDHex)),
            ("transaction", TransactionJSON.print(tx, visible: visible)),
        ])
        guard let owner, accounts[owner] != nil else {
            m.append(
                (
                    "result",
                    .object([("code", .string("PERMISSION_ERROR")), ("message", .string("Account does not exist!"))])
                ))
            m.append(("transaction", txJSON))
            return .object(m)
        }
        m.append(
            (
                "permission",
                .object([
                    ("permission_name", .string("owner")), ("threshold", .int(1)),
                    ("keys", .array([.object([("address", .string(owner.hex)), ("weight", .int(1))])])),
                ])
            ))
        let signers = tx.signers().compactMap { $0 }.filter { $0 == owner }
        if !signers.isEmpty {
            m.append(("current_weight", .int(1)))
            m.append(("approved_list", .array([.string(visible ? owner.base58 : owner.hex)])))
        }
        m.append(
            ("result", .object([("code", .string(signers.isEmpty ? "NOT_ENOUGH_PERMISSION" : "ENOUGH_PERMISSION"))])))
        m.append(("transaction", txJSON))
        return .object(m)
    }
}
