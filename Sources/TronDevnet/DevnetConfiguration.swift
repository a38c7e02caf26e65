import TronKit

/// Everything that shapes a devnet: timing, fee schedule, resource model and genesis.
///
/// Defaults follow mainnet where a value is known (3 s blocks, solid head 19 blocks behind,
/// 100 sun per energy, 1,000 sun per bandwidth byte, 600 free bandwidth a day, 1 TRX memo fee).
public struct DevnetConfiguration: Sendable {
    /// Time between blocks. Tests use tens of milliseconds.
    public var blockInterval: Duration = .seconds(3)
    /// How many blocks the solid head lags the head.
    public var solidityLag: Int64 = 19
    /// Funded accounts at block 0.
    public var genesis = Genesis()
    /// The key that "produces" blocks (signs headers).
    public var witnessSeed = "lucid-devnet-witness"

    /// `getEnergyFee`: sun per unit of energy.
    public var energyFee: Int64 = 100
    /// `getTransactionFee`: sun per bandwidth byte.
    public var transactionFee: Int64 = 1_000
    /// `getFreeNetLimit`: free bandwidth per account per day.
    public var freeNetLimit: Int64 = 600
    /// `getMaxFeeLimit`.
    public var maxFeeLimit: Int64 = 15_000_000_000
    /// `getCreateAccountFee`: sun burned for the bandwidth of an account-creating transfer.
    public var createAccountFee: Int64 = 100_000
    /// `getCreateNewAccountFeeInSystemContract`: sun burned to activate a new account.
    public var createNewAccountFee: Int64 = 1_000_000
    /// `getMemoFee`: sun burned when `raw_data.data` is non-empty.
    public var memoFee: Int64 = 1_000_000
    /// `getTotalEnergyLimit` / `getTotalEnergyCurrentLimit`: with `totalEnergyWeight` this gives
    /// 10 energy a day per staked TRX.
    public var totalEnergyLimit: Int64 = 180_000_000_000
    public var totalEnergyWeight: Int64 = 18_000_000_000
    /// `getTotalNetLimit`: with `totalNetWeight`, 1 bandwidth byte a day per staked TRX.
    public var totalNetLimit: Int64 = 43_200_000_000
    public var totalNetWeight: Int64 = 43_200_000_000
    /// How long an unstake waits before it can be withdrawn (mainnet: 14 days, `getUnfreezeDelayDays`).
    /// Tests set seconds; `getchainparameters` reports it in whole days, at least 1.
    public var unfreezeDelay: Duration = .seconds(14 * 86_400)
    /// `getMaxDelegateLockPeriod`: the longest delegation lock, in 3-second blocks (mainnet 864,000 = 30 days).
    public var maxDelegateLockPeriod: Int64 = 864_000
    /// Voting rewards per produced block, in sun, shared by the devnet witness's voters in proportion
    /// to their votes (the devnet's rule; mainnet pays per maintenance cycle from a chain-wide pool).
    public var voteRewardPerBlock: Int64 = 16_000_000
    /// Least time between two reward withdrawals of one account (mainnet: 24 hours).
    public var rewardWithdrawInterval: Duration = .seconds(86_400)
    /// Dynamic-energy penalty on USDT calls, in basis points of the base energy (0 = none).
    public var usdtEnergyPenaltyBasisPoints: Int64 = 0

    /// Energy of a USDT transfer to an address that already holds USDT.
    public var usdtTransferEnergyExisting: Int64 = 14_650
    /// Energy of a USDT transfer to an address with a zero balance (a new storage slot).
    public var usdtTransferEnergyNew: Int64 = 29_650
    /// Energy a reverted USDT call consumes.
    public var usdtRevertEnergy: Int64 = 2_500
    /// Energy a read-only USDT call reports.
    public var usdtViewEnergy: Int64 = 935

    /// Pending transactions above which broadcasts get SERVER_BUSY.
    public var maxPendingTransactions = 50_000
    /// Most transactions packed into one block.
    public var maxTransactionsPerBlock = 10_000
    /// Fault injection at start.
    public var faults = DevnetFaults()

    public init() {}

    /// Checks ranges; throws naming the first bad value.
    public func validate() throws(DevnetError) {
        guard blockInterval >= .milliseconds(5) else {
            throw .invalidConfiguration("block interval must be at least 5 ms")
        }
        guard solidityLag >= 0, solidityLag <= 1_000 else {
            throw .invalidConfiguration("solidity lag must be between 0 and 1000 blocks")
        }
        for (name, v) in [("energy fee", energyFee), ("transaction fee", transactionFee), ("memo fee", memoFee)] {
            guard v >= 0 else { throw .invalidConfiguration("\(name) must not be negative") }
        }
        guard unfreezeDelay >= .zero, rewardWithdrawInterval >= .zero, voteRewardPerBlock >= 0,
            maxDelegateLockPeriod >= 0
        else { throw .invalidConfiguration("staking settings must not be negative") }
        guard totalEnergyWeight > 0, totalNetWeight > 0 else {
            throw .invalidConfiguration("total resource weights must be positive")
        }
    }
}
