import BigInt
import LucidJSON
import TronKit

/// Calls on the devnet's USDT token: execution with java-tron's energy accounting, and read-only
/// constant calls.
extension DevnetChain {
    /// What a call on the USDT token does, before energy is counted.
    enum USDTCallOutcome {
        case success(returnData: [UInt8], transfer: TRC20.Transfer?)
        case revert(reason: String)

        var transfer: TRC20.Transfer? {
            if case .success(_, let t) = self { return t }
            return nil
        }
    }

    /// Runs a call on the USDT token with java-tron's energy accounting: staked energy first, then
    /// TRX burned up to `fee_limit`; OUT_OF_ENERGY burns everything the limit allowed.
    func executeUSDT(
        _ tx: Transaction, txid: String, call: TriggerSmartContract, owner ownerIn: DevnetAccount, netUsage: Int64,
        netFee: Int64, memoFee: Int64, now: Int64
    ) -> ExecutionResult {
        var owner = ownerIn
        var info = TransactionInfo(id: txid)
        info.contractAddress = USDTToken.address
        info.receipt.netUsage = netUsage
        info.receipt.netFee = netFee
        let (outcome, baseEnergy) = usdtOutcome(call)
        let penalty = outcome.transfer == nil ? 0 : baseEnergy * configuration.usdtEnergyPenaltyBasisPoints / 10_000
        let needed = baseEnergy + penalty
        let accountLeft = max(0, energyLimit(owner) - owner.energyUsage.current(at: now))
        let budget = max(0, min(tx.raw.feeLimit, owner.balance))
        let purchasable = configuration.energyFee > 0 ? budget / configuration.energyFee : Int64.max / 4
        let maxEnergy = accountLeft + purchasable
        var entry = (outcome.transfer ?? (try? TRC20.decodeTransfer(call.data))).map { t in
            LedgerEntry(
                txid: txid, from: call.ownerAddress, to: t.to, amount: String(t.amount), memo: tx.raw.memo, result: "")
        }

        guard needed <= maxEnergy else {
            // Out of energy: all account energy and the whole purchasable budget are consumed.
            let burned = configuration.energyFee > 0 ? purchasable * configuration.energyFee : 0
            owner.energyUsage.add(accountLeft, at: now)
            owner.balance -= burned
            info.receipt.energyUsage = accountLeft
            info.receipt.energyFee = burned
            info.receipt.energyUsageTotal = maxEnergy
            info.receipt.result = "OUT_OF_ENERGY"
            info.failed = true
            info.resMessage =
                "Not enough energy for 'SSTORE' operation executing: curInvokeEnergyLimit[\(maxEnergy)], "
                + "curOpEnergy[20000], usedEnergy[\(max(0, maxEnergy - 20_000))]"
            info.contractResult = [[]]
            info.fee = burned + netFee + memoFee
            entry?.result = "OUT_OF_ENERGY"
            return ExecutionResult(
                accounts: [owner], usdt: nil,
                pending: PendingTransaction(
                    tx: tx, txid: txid, info: info, contractRet: "OUT_OF_ENERGY", transfer: entry))
        }

        let fromAccount = min(accountLeft, needed)
        let burned = (needed - fromAccount) * configuration.energyFee
        owner.energyUsage.add(fromAccount, at: now)
        owner.balance -= burned
        info.receipt.energyUsage = fromAccount
        info.receipt.energyFee = burned
        info.receipt.energyUsageTotal = needed
        info.receipt.energyPenaltyTotal = penalty
        info.fee = burned + netFee + memoFee
        let result = settle(outcome, call: call, info: &info, entry: &entry)
        return ExecutionResult(
            accounts: [owner], usdt: outcome.transfer.map { (call.ownerAddress, $0.to, $0.amount) },
            pending: PendingTransaction(tx: tx, txid: txid, info: info, contractRet: result, transfer: entry))
    }

    /// What the token does with `call` (a transfer within the balance, a view, or a revert) and
    /// the energy that costs before any penalty.
    private func usdtOutcome(_ call: TriggerSmartContract) -> (USDTCallOutcome, baseEnergy: Int64) {
        let revert = (USDTCallOutcome.revert(reason: ""), configuration.usdtRevertEnergy)
        guard call.callValue == 0, call.callTokenValue == 0 else { return revert }
        if Array(call.data.prefix(4)) == TRC20.transferSelector {
            guard let t = try? TRC20.decodeTransfer(call.data), t.amount <= usdt.balance(of: call.ownerAddress) else {
                return revert
            }
            return (
                .success(returnData: [UInt8](repeating: 0, count: 32), transfer: t),
                transferEnergy(from: call.ownerAddress, to: t.to)
            )
        }
        guard let data = usdt.view(call.data) else { return revert }
        return (.success(returnData: data, transfer: nil), configuration.usdtViewEnergy)
    }

    /// Writes a paid-for call's result into its receipt (the Transfer log of a transfer, unless the
    /// fault omits it) and ledger entry; returns the contract result code.
    private func settle(
        _ outcome: USDTCallOutcome, call: TriggerSmartContract, info: inout TransactionInfo, entry: inout LedgerEntry?
    ) -> String {
        switch outcome {
        case .success(let returnData, let transfer):
            info.receipt.result = "SUCCESS"
            info.contractResult = [returnData]
            if let t = transfer {
                let event = TransferEvent(from: call.ownerAddress, to: t.to, value: t.amount)
                if !faults.omitTransferLogs {
                    info.logs = [
                        TransactionInfo.Log(address: USDTToken.address, topics: event.topics, data: event.data)
                    ]
                }
                entry?.result = "SUCCESS"
            }
            return "SUCCESS"
        case .revert(let reason):
            info.receipt.result = "REVERT"
            info.failed = true
            info.resMessage = "REVERT opcode executed"
            info.contractResult = [reason.isEmpty ? [] : RevertReason.encode(reason)]
            entry?.result = "REVERT"
            return "REVERT"
        }
    }

    /// Base energy of a USDT transfer: higher when it creates the recipient's balance slot.
    func transferEnergy(from: TronAddress, to: TronAddress) -> Int64 {
        usdt.balance(of: to) == 0 && to != from
            ? configuration.usdtTransferEnergyNew : configuration.usdtTransferEnergyExisting
    }

    /// `triggerconstantcontract`: runs the call read-only and reports energy and return data.
    func constantCall(owner: TronAddress, contract: TronAddress, data: [UInt8], visible: Bool) -> JSONValue {
        guard contract == USDTToken.address else {
            return .object([
                (
                    "result",
                    .object([
                        ("code", .string("CONTRACT_VALIDATE_ERROR")),
                        ("message", .string(Self.message("Smart contract is not exist.", visible: visible))),
                    ])
                )
            ])
        }
        var energy = configuration.usdtViewEnergy
        var output: [UInt8]
        var reverted = false
        if Array(data.prefix(4)) == TRC20.transferSelector {
            if let t = try? TRC20.decodeTransfer(data), t.amount <= usdt.balance(of: owner) {
                let base = transferEnergy(from: owner, to: t.to)
                energy = base
                output = [UInt8](repeating: 0, count: 32)
                let penalty = base * configuration.usdtEnergyPenaltyBasisPoints / 10_000
                return constantJSON(energy: energy, penalty: penalty, output: output, reverted: false, visible: visible)
            }
            energy = configuration.usdtRevertEnergy
            output = []
            reverted = true
        } else if let v = usdt.view(data) {
            output = v
        } else {
            energy = configuration.usdtRevertEnergy
            output = []
            reverted = true
        }
        return constantJSON(energy: energy, penalty: 0, output: output, reverted: reverted, visible: visible)
    }

    private func constantJSON(energy: Int64, penalty: Int64, output: [UInt8], reverted: Bool, visible: Bool)
        -> JSONValue
    {
        var result: [(String, JSONValue)] = [("result", .bool(true))]
        if reverted { result.append(("message", .string(Self.message("REVERT opcode executed", visible: visible)))) }
        var m: [(String, JSONValue)] = [("result", .object(result))]
        m.appendNonZero("energy_used", energy)
        m.append(("constant_result", .array([.string(Hex.encode(output))])))
        m.appendNonZero("energy_penalty", penalty)
        m.append(
            (
                "transaction",
                .object([("ret", .array([reverted ? .object([("ret", .string("FAILED"))]) : .object([])]))])
            ))
        return .object(m)
    }
}
