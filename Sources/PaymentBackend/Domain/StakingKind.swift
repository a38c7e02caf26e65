import TronKit

/// What a staking operation does on chain; each maps to one Stake 2.0 or voting contract.
public enum StakingKind: String, Sendable, CaseIterable, Codable {
    /// `FreezeBalanceV2`: TRX staked for energy or bandwidth.
    case stake
    /// `UnfreezeBalanceV2`: stake released; withdrawable after the network's delay.
    case unstake
    /// `WithdrawExpireUnfreeze`: released stake whose delay has passed back to the balance.
    case withdrawUnstaked = "withdraw_unstaked"
    /// `DelegateResource`: staked energy or bandwidth lent to another account.
    case delegate
    /// `UnDelegateResource`: lent stake taken back.
    case undelegate
    /// `VoteWitness`: the hot wallet's votes replaced.
    case vote
    /// `WithdrawBalance`: voting rewards to the balance.
    case withdrawRewards = "withdraw_rewards"

    /// The API path under `/api/v1/staking/`.
    public var path: String {
        switch self {
        case .withdrawUnstaked: "withdraw"
        case .withdrawRewards: "rewards/withdraw"
        default: rawValue
        }
    }

    /// Whether the operation moves an amount of TRX (counted against the staking limits).
    public var movesTRX: Bool { [.stake, .unstake, .delegate, .undelegate].contains(self) }

    /// The contract type it signs.
    public var contractType: ContractType {
        switch self {
        case .stake: .freezeBalanceV2Contract
        case .unstake: .unfreezeBalanceV2Contract
        case .withdrawUnstaked: .withdrawExpireUnfreezeContract
        case .delegate: .delegateResourceContract
        case .undelegate: .unDelegateResourceContract
        case .vote: .voteWitnessContract
        case .withdrawRewards: .withdrawBalanceContract
        }
    }
}
