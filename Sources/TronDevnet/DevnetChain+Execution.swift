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

    /// Validates and executes one transaction against the current state, as java-tron's actuators
    /// do (same checks, same messages); nothing is committed here.
    func execute(
        _ tx: Transaction, txid: String, contract: DecodedContract,
        reject: (BroadcastCode, String) -> BroadcastRejection
    ) throws(BroadcastRejection) -> ExecutionResult {
        let now = head.timestamp
        switch contract {
        case .transfer(let c): return try executeTransfer(c, tx, txid: txid, now: now, reject: reject)
        case .trigger(let c): return try executeTrigger(c, tx, txid: txid, now: now, reject: reject)
        case .freezeV2(let c): return try executeFreeze(c, tx, txid: txid, now: now, reject: reject)
        case .unfreezeV2(let c): return try executeUnfreeze(c, tx, txid: txid, now: now, reject: reject)
        case .delegate(let c): return try executeDelegate(c, tx, txid: txid, now: now, reject: reject)
        case .unsupported(let t):
            throw Self.validateError(reject, "contract type \(t.name) is not supported by the devnet")
        }
    }

    /// The account at `address`, or java-tron's "not exists" refusal (the staking actuators' check).
    private func existing(_ address: TronAddress, reject: (BroadcastCode, String) -> BroadcastRejection)
        throws(BroadcastRejection) -> DevnetAccount
    {
        guard let account = accounts[address] else {
            throw Self.validateError(reject, "Account[\(address.hex)] not exists")
        }
        return account
    }

    /// java-tron's `ContractValidateException` as a broadcast rejection.
    static func validateError(_ reject: (BroadcastCode, String) -> BroadcastRejection, _ message: String)
        -> BroadcastRejection
    {
        reject(.contractValidateError, "Contract validate error : " + message)
    }

    /// `TransferContract`: TRX to an account, creating it when new (its creation fee burned).
    private func executeTransfer(
        _ c: TransferContract, _ tx: Transaction, txid: String, now: Int64,
        reject: (BroadcastCode, String) -> BroadcastRejection
    ) throws(BroadcastRejection) -> ExecutionResult {
        var info = TransactionInfo(id: txid)
        guard var owner = accounts[c.ownerAddress] else {
            throw Self.validateError(reject, "Validate TransferContract error, no OwnerAccount.")
        }
        guard c.amount > 0 else { throw Self.validateError(reject, "Amount must be greater than 0.") }
        guard c.toAddress != c.ownerAddress else {
            throw Self.validateError(reject, "Cannot transfer TRX to yourself.")
        }
        let creates = accounts[c.toAddress] == nil
        let bw = try chargeBandwidth(&owner, tx: tx, createsAccount: creates, now: now, reject: reject)
        let createFee = creates ? configuration.createNewAccountFee : 0
        let fees = bw.netFee + memoFee(tx) + createFee
        guard owner.balance >= c.amount + fees else {
            throw Self.validateError(reject, "Validate TransferContract error, balance is not sufficient.")
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
    }

    /// `TriggerSmartContract` on the USDT token: bandwidth and the memo fee first, then the call.
    private func executeTrigger(
        _ c: TriggerSmartContract, _ tx: Transaction, txid: String, now: Int64,
        reject: (BroadcastCode, String) -> BroadcastRejection
    ) throws(BroadcastRejection) -> ExecutionResult {
        guard var owner = accounts[c.ownerAddress] else {
            throw Self.validateError(reject, "Validate InternalTransfer error, no OwnerAccount.")
        }
        guard c.contractAddress == USDTToken.address else {
            throw Self.validateError(reject, "No contract or not a smart contract")
        }
        let bw = try chargeBandwidth(&owner, tx: tx, createsAccount: false, now: now, reject: reject)
        let memo = memoFee(tx)
        guard owner.balance >= memo else {
            throw Self.validateError(reject, "balance is not sufficient to pay the memo fee.")
        }
        owner.balance -= bw.netFee + memo
        return executeUSDT(
            tx, txid: txid, call: c, owner: owner, netUsage: bw.netUsage, netFee: bw.netFee + 0, memoFee: memo,
            now: now)
    }

    /// `FreezeBalanceV2Contract`: TRX staked for bandwidth or energy.
    private func executeFreeze(
        _ c: FreezeBalanceV2Contract, _ tx: Transaction, txid: String, now: Int64,
        reject: (BroadcastCode, String) -> BroadcastRejection
    ) throws(BroadcastRejection) -> ExecutionResult {
        var owner = try existing(c.ownerAddress, reject: reject)
        guard c.resource == .bandwidth || c.resource == .energy else {
            throw Self.validateError(reject, "ResourceCode error, valid ResourceCode[BANDWIDTH、ENERGY]")
        }
        guard c.frozenBalance >= 1_000_000 else {
            throw Self.validateError(reject, "frozenBalance must be greater than or equal to 1 TRX")
        }
        let bw = try chargeBandwidth(&owner, tx: tx, createsAccount: false, now: now, reject: reject)
        guard c.frozenBalance + bw.netFee + memoFee(tx) <= owner.balance else {
            throw Self.validateError(reject, "frozenBalance must be less than or equal to accountBalance")
        }
        owner.balance -= c.frozenBalance + bw.netFee + memoFee(tx)
        owner.frozen[c.resource, default: 0] += c.frozenBalance
        return systemResult(tx, txid, [owner], bw, now)
    }

    /// `UnfreezeBalanceV2Contract`: stake released (at once on the devnet).
    private func executeUnfreeze(
        _ c: UnfreezeBalanceV2Contract, _ tx: Transaction, txid: String, now: Int64,
        reject: (BroadcastCode, String) -> BroadcastRejection
    ) throws(BroadcastRejection) -> ExecutionResult {
        var owner = try existing(c.ownerAddress, reject: reject)
        let available = owner.undelegated(c.resource)
        guard c.unfreezeBalance > 0, c.unfreezeBalance <= available else {
            throw Self.validateError(reject, "Invalid unfreeze_balance, [\(c.unfreezeBalance)] is invalid")
        }
        let bw = try chargeBandwidth(&owner, tx: tx, createsAccount: false, now: now, reject: reject)
        guard owner.balance + c.unfreezeBalance >= bw.netFee + memoFee(tx) else {
            throw reject(.bandwidthError, "Account resource insufficient error.")
        }
        // Simplification: the devnet returns unstaked TRX at once (mainnet waits 14 days).
        owner.frozen[c.resource, default: 0] -= c.unfreezeBalance
        owner.balance += c.unfreezeBalance - bw.netFee - memoFee(tx)
        return systemResult(tx, txid, [owner], bw, now)
    }

    /// `DelegateResourceContract`: staked resource lent to another existing account.
    private func executeDelegate(
        _ c: DelegateResourceContract, _ tx: Transaction, txid: String, now: Int64,
        reject: (BroadcastCode, String) -> BroadcastRejection
    ) throws(BroadcastRejection) -> ExecutionResult {
        var owner = try existing(c.ownerAddress, reject: reject)
        guard c.receiverAddress != c.ownerAddress else {
            throw Self.validateError(reject, "receiverAddress must not be the same as ownerAddress")
        }
        var receiver = try existing(c.receiverAddress, reject: reject)
        guard c.balance >= 1_000_000 else {
            throw Self.validateError(reject, "delegateBalance must be greater than or equal to 1 TRX")
        }
        let available = owner.undelegated(c.resource)
        guard c.balance <= available else {
            throw Self.validateError(reject, "delegateBalance must be less than or equal to available FreezeV2 balance")
        }
        let bw = try chargeBandwidth(&owner, tx: tx, createsAccount: false, now: now, reject: reject)
        guard owner.balance >= bw.netFee + memoFee(tx) else {
            throw reject(.bandwidthError, "Account resource insufficient error.")
        }
        owner.balance -= bw.netFee + memoFee(tx)
        owner.delegatedOut[c.resource, default: 0] += c.balance
        receiver.acquired[c.resource, default: 0] += c.balance
        return systemResult(tx, txid, [owner, receiver], bw, now)
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

    /// A `Return.message`: hex of UTF-8 unless `visible`.
    static func message(_ text: String, visible: Bool) -> String { visible ? text : Hex.encode(Array(text.utf8)) }
}
