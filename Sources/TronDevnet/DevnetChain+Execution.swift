import BigInt
import LucidJSON
import TronKit

/// The state changes of one transaction, computed first and committed only if it is accepted.
struct ExecutionResult: Sendable {
    var accounts: [DevnetAccount]
    /// A USDT transfer to apply (from, to, amount): a delta, never a copy of every balance.
    var usdt: (from: TronAddress, to: TronAddress, amount: BigUInt)?
    var pending: PendingTransaction
}

extension DevnetChain {
    func commit(_ r: ExecutionResult) {
        for a in r.accounts { accounts[a.address] = a }
        if let t = r.usdt {
            usdt.balances[t.from, default: 0] -= t.amount
            usdt.balances[t.to, default: 0] += t.amount
        }
        pending.append(r.pending)
        pendingIDs.insert(r.pending.txid)
    }

    func execute(
        _ tx: Transaction, txid: String, contract: DecodedContract,
        reject: (BroadcastCode, String) -> BroadcastRejection
    ) throws(BroadcastRejection) -> ExecutionResult {
        let now = head.timestamp
        func cve(_ msg: String) -> BroadcastRejection {
            reject(.contractValidateError, "Contract validate error : " + msg)
        }
        var info = TransactionInfo(id: txid)

        switch contract {
        case .transfer(let c):
            guard var owner = accounts[c.ownerAddress] else {
                throw cve("Validate TransferContract error, no OwnerAccount.")
            }
            guard c.amount > 0 else { throw cve("Amount must be greater than 0.") }
            guard c.toAddress != c.ownerAddress else { throw cve("Cannot transfer TRX to yourself.") }
            let creates = accounts[c.toAddress] == nil
            let bw = try chargeBandwidth(&owner, tx: tx, createsAccount: creates, now: now, reject: reject)
            let createFee = creates ? configuration.createNewAccountFee : 0
            let fees = bw.netFee + memoFee(tx) + createFee
            guard owner.balance >= c.amount + fees else {
                throw cve("Validate TransferContract error, balance is not sufficient.")
            }
            owner.balance -= c.amount + fees
            var to = accounts[c.toAddress] ?? DevnetAccount(address: c.toAddress, balance: 0, createTime: now)
            to.balance += c.amount
            info.fee = fees
            info.receipt.netUsage = bw.netUsage
            info.receipt.netFee = bw.netFee
            return ExecutionResult(
                accounts: [owner, to], usdt: nil,
                pending: PendingTransaction(tx: tx, txid: txid, info: info, contractRet: "SUCCESS", transfer: nil))

        case .trigger(let c):
            guard var owner = accounts[c.ownerAddress] else {
                throw cve("Validate InternalTransfer error, no OwnerAccount.")
            }
            guard c.contractAddress == USDTToken.address else { throw cve("No contract or not a smart contract") }
            let bw = try chargeBandwidth(&owner, tx: tx, createsAccount: false, now: now, reject: reject)
            let memo = memoFee(tx)
            guard owner.balance >= memo else { throw cve("balance is not sufficient to pay the memo fee.") }
            owner.balance -= bw.netFee + memo
            return executeUSDT(
                tx, txid: txid, call: c, owner: owner, netUsage: bw.netUsage, netFee: bw.netFee + 0, memoFee: memo,
                now: now)

        case .freezeV2(let c):
            guard var owner = accounts[c.ownerAddress] else { throw cve("Account[\(c.ownerAddress.hex)] not exists") }
            guard c.resource == .bandwidth || c.resource == .energy else {
                throw cve("ResourceCode error, valid ResourceCode[BANDWIDTH、ENERGY]")
            }
            guard c.frozenBalance >= 1_000_000 else {
                throw cve("frozenBalance must be greater than or equal to 1 TRX")
            }
            let bw = try chargeBandwidth(&owner, tx: tx, createsAccount: false, now: now, reject: reject)
            guard c.frozenBalance + bw.netFee + memoFee(tx) <= owner.balance else {
                throw cve("frozenBalance must be less than or equal to accountBalance")
            }
            owner.balance -= c.frozenBalance + bw.netFee + memoFee(tx)
            owner.frozen[c.resource, default: 0] += c.frozenBalance
            return systemResult(tx, txid, [owner], bw, now)

        case .unfreezeV2(let c):
            guard var owner = accounts[c.ownerAddress] else { throw cve("Account[\(c.ownerAddress.hex)] not exists") }
            let available = (owner.frozen[c.resource] ?? 0) - (owner.delegatedOut[c.resource] ?? 0)
            guard c.unfreezeBalance > 0, c.unfreezeBalance <= available else {
                throw cve("Invalid unfreeze_balance, [\(c.unfreezeBalance)] is invalid")
            }
            let bw = try chargeBandwidth(&owner, tx: tx, createsAccount: false, now: now, reject: reject)
            guard owner.balance + c.unfreezeBalance >= bw.netFee + memoFee(tx) else {
                throw reject(.bandwidthError, "Account resource insufficient error.")
            }
            // Simplification: the devnet returns unstaked TRX at once (mainnet waits 14 days).
            owner.frozen[c.resource, default: 0] -= c.unfreezeBalance
            owner.balance += c.unfreezeBalance - bw.netFee - memoFee(tx)
            return systemResult(tx, txid, [owner], bw, now)

        case .delegate(let c):
            guard var owner = accounts[c.ownerAddress] else { throw cve("Account[\(c.ownerAddress.hex)] not exists") }
            guard c.receiverAddress != c.ownerAddress else {
                throw cve("receiverAddress must not be the same as ownerAddress")
            }
            guard var receiver = accounts[c.receiverAddress] else {
                throw cve("Account[\(c.receiverAddress.hex)] not exists")
            }
            guard c.balance >= 1_000_000 else { throw cve("delegateBalance must be greater than or equal to 1 TRX") }
            let available = (owner.frozen[c.resource] ?? 0) - (owner.delegatedOut[c.resource] ?? 0)
            guard c.balance <= available else {
                throw cve("delegateBalance must be less than or equal to available FreezeV2 balance")
            }
            let bw = try chargeBandwidth(&owner, tx: tx, createsAccount: false, now: now, reject: reject)
            guard owner.balance >= bw.netFee + memoFee(tx) else {
                throw reject(.bandwidthError, "Account resource insufficient error.")
            }
            owner.balance -= bw.netFee + memoFee(tx)
            owner.delegatedOut[c.resource, default: 0] += c.balance
            receiver.acquired[c.resource, default: 0] += c.balance
            return systemResult(tx, txid, [owner, receiver], bw, now)

        case .unsupported(let t):
            throw cve("contract type \(t.name) is not supported by the devnet")
        }
    }

    private func systemResult(
        _ tx: Transaction, _ txid: String, _ accounts: [DevnetAccount], _ bw: (netUsage: Int64, netFee: Int64),
        _ now: Int64
    ) -> ExecutionResult {
        var info = TransactionInfo(id: txid)
        info.fee = bw.netFee + memoFee(tx)
        info.receipt.netUsage = bw.netUsage
        info.receipt.netFee = bw.netFee
        return ExecutionResult(
            accounts: accounts, usdt: nil,
            pending: PendingTransaction(tx: tx, txid: txid, info: info, contractRet: "SUCCESS", transfer: nil))
    }

    func memoFee(_ tx: Transaction) -> Int64 { tx.raw.data.isEmpty ? 0 : configuration.memoFee }

    /// Pays the transaction's bandwidth: staked bandwidth, then the free allowance, then burned TRX
    /// (BandwidthProcessor). An account-creating transfer burns `createAccountFee` instead of bytes.
    func chargeBandwidth(
        _ owner: inout DevnetAccount, tx: Transaction, createsAccount: Bool, now: Int64,
        reject: (BroadcastCode, String) -> BroadcastRejection
    ) throws(BroadcastRejection) -> (netUsage: Int64, netFee: Int64) {
        let bytes = Int64(tx.bandwidth)
        let stakedLeft = netLimit(owner) - owner.netUsage.current(at: now)
        if stakedLeft >= bytes {
            owner.netUsage.add(bytes, at: now)
            return (bytes, 0)
        }
        if createsAccount {
            guard owner.balance >= configuration.createAccountFee else {
                throw reject(.bandwidthError, "Account resource insufficient error.")
            }
            return (0, configuration.createAccountFee)
        }
        if configuration.freeNetLimit - owner.freeNetUsage.current(at: now) >= bytes {
            owner.freeNetUsage.add(bytes, at: now)
            return (bytes, 0)
        }
        let fee = bytes * configuration.transactionFee
        guard owner.balance >= fee else { throw reject(.bandwidthError, "Account resource insufficient error.") }
        return (0, fee)
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

        enum Outcome {
            case success(returnData: [UInt8], transfer: TRC20.Transfer?)
            case revert(reason: String)
        }
        let outcome: Outcome
        let baseEnergy: Int64
        if call.callValue != 0 || call.callTokenValue != 0 {
            outcome = .revert(reason: "")
            baseEnergy = configuration.usdtRevertEnergy
        } else if Array(call.data.prefix(4)) == TRC20.transferSelector {
            if let t = try? TRC20.decodeTransfer(call.data), t.amount <= usdt.balance(of: call.ownerAddress) {
                outcome = .success(returnData: [UInt8](repeating: 0, count: 32), transfer: t)
                baseEnergy = transferEnergy(from: call.ownerAddress, to: t.to)
            } else {
                outcome = .revert(reason: "")
                baseEnergy = configuration.usdtRevertEnergy
            }
        } else if let data = usdt.view(call.data) {
            outcome = .success(returnData: data, transfer: nil)
            baseEnergy = configuration.usdtViewEnergy
        } else {
            outcome = .revert(reason: "")
            baseEnergy = configuration.usdtRevertEnergy
        }
        var penalty: Int64 = 0
        if case .success(_, .some) = outcome {
            penalty = baseEnergy * configuration.usdtEnergyPenaltyBasisPoints / 10_000
        }
        let needed = baseEnergy + penalty

        let accountLeft = max(0, energyLimit(owner) - owner.energyUsage.current(at: now))
        let budget = max(0, min(tx.raw.feeLimit, owner.balance))
        let purchasable = configuration.energyFee > 0 ? budget / configuration.energyFee : Int64.max / 4
        let maxEnergy = accountLeft + purchasable

        var transferEntry: LedgerEntry?
        let transferCall: TRC20.Transfer? = {
            if case .success(_, let t) = outcome { return t }
            return nil
        }()
        if let t = transferCall ?? (try? TRC20.decodeTransfer(call.data)) {
            transferEntry = LedgerEntry(
                txid: txid, from: call.ownerAddress, to: t.to, amount: String(t.amount), memo: tx.raw.memo, result: "")
        }

        if needed > maxEnergy {
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
                "Not enough energy for 'SSTORE' operation executing: curInvokeEnergyLimit[\(maxEnergy)], curOpEnergy[20000], usedEnergy[\(max(0, maxEnergy - 20_000))]"
            info.contractResult = [[]]
            info.fee = burned + netFee + memoFee
            transferEntry?.result = "OUT_OF_ENERGY"
            return ExecutionResult(
                accounts: [owner], usdt: nil,
                pending: PendingTransaction(
                    tx: tx, txid: txid, info: info, contractRet: "OUT_OF_ENERGY", transfer: transferEntry))
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
                transferEntry?.result = "SUCCESS"
            }
            return ExecutionResult(
                accounts: [owner], usdt: transfer.map { (call.ownerAddress, $0.to, $0.amount) },
                pending: PendingTransaction(
                    tx: tx, txid: txid, info: info, contractRet: "SUCCESS", transfer: transferEntry))
        case .revert(let reason):
            info.receipt.result = "REVERT"
            info.failed = true
            info.resMessage = "REVERT opcode executed"
            info.contractResult = [reason.isEmpty ? [] : RevertReason.encode(reason)]
            transferEntry?.result = "REVERT"
            return ExecutionResult(
                accounts: [owner], usdt: nil,
                pending: PendingTransaction(
                    tx: tx, txid: txid, info: info, contractRet: "REVERT", transfer: transferEntry))
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

    /// A `Return.message`: hex of UTF-8 unless `visible`.
    static func message(_ text: String, visible: Bool) -> String { visible ? text : Hex.encode(Array(text.utf8)) }
}
