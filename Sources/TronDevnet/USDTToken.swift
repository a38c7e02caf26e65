import BigInt
import LucidJSON
import TronKit

/// The devnet's USDT-TRC20 (TetherToken, 6 decimals) at the mainnet address: balances and the
/// ABI that `getcontract` publishes. Execution lives in `DevnetChain`.
struct USDTToken: Sendable {
    static let address = TronAddress.usdtMainnet
    static let name = "Tether USD"
    static let symbol = "USDT"
    static let decimals: UInt64 = 6

    var balances: [TronAddress: BigUInt] = [:]
    var totalSupply: BigUInt = 0

    func balance(of a: TronAddress) -> BigUInt { balances[a] ?? 0 }

    mutating func mint(_ amount: BigUInt, to a: TronAddress) {
        balances[a, default: 0] += amount
        totalSupply += amount
    }

    /// Result of a read-only call: return data, or nil for an unknown selector.
    func view(_ data: [UInt8]) -> [UInt8]? {
        let selector = Array(data.prefix(4))
        switch selector {
        case TRC20.balanceOfSelector:
            guard let owner = try? TRC20.decodeBalanceOf(data) else { return nil }
            return try? ABIWord.uint256(balance(of: owner))
        case TRC20.decimalsSelector: return ABIWord.uint256(Self.decimals)
        case TRC20.selector("totalSupply()"): return try? ABIWord.uint256(totalSupply)
        case TRC20.selector("name()"): return Self.abiString(Self.name)
        case TRC20.selector("symbol()"): return Self.abiString(Self.symbol)
        default: return nil
        }
    }

    static func abiString(_ s: String) -> [UInt8] {
        // An ABI string has the same layout as Error(string) without the selector.
        Array(RevertReason.encode(s).dropFirst(4))
    }

    /// `getcontract` JSON: tronpy needs `abi.entrys` with `stateMutability` on every function.
    static func contractJSON(visible: Bool, origin: TronAddress) -> JSONValue {
        func param(_ name: String, _ type: String, indexed: Bool? = nil) -> JSONValue {
            var m: [(String, JSONValue)] = []
            if let indexed { m.append(("indexed", .bool(indexed))) }
            m += [("name", .string(name)), ("type", .string(type))]
            return .object(m)
        }
        func function(_ name: String, _ inputs: [JSONValue], _ outputs: [JSONValue], view: Bool) -> JSONValue {
            var m: [(String, JSONValue)] = []
            if view { m.append(("constant", .bool(true))) }
            m += [
                ("inputs", .array(inputs)), ("name", .string(name)), ("outputs", .array(outputs)),
                ("stateMutability", .string(view ? "View" : "Nonpayable")), ("type", .string("Function")),
            ]
            return .object(m)
        }
        let entries: [JSONValue] = [
            function("name", [], [param("", "string")], view: true),
            function("symbol", [], [param("", "string")], view: true),
            function("decimals", [], [param("", "uint8")], view: true),
            function("totalSupply", [], [param("", "uint256")], view: true),
            function("balanceOf", [param("who", "address")], [param("", "uint256")], view: true),
            function("transfer", [param("_to", "address"), param("_value", "uint256")], [], view: false),
            .object([
                (
                    "inputs",
                    .array([
                        param("from", "address", indexed: true), param("to", "address", indexed: true),
                        param("value", "uint256", indexed: false),
                    ])
                ), ("name", .string("Transfer")), ("type", .string("Event")),
            ]),
        ]
        return .object([
            ("origin_address", TransactionJSON.address(origin, visible: visible)),
            ("contract_address", TransactionJSON.address(address, visible: visible)),
            ("abi", .object([("entrys", .array(entries))])),
            ("bytecode", .string("6080")),
            ("consume_user_resource_percent", .int(100)),
            ("name", .string("TetherToken")),
            ("origin_energy_limit", .int(10_000_000)),
            ("code_hash", .string(Hex.encode(SHA256Digest.hash(Array("lucid-devnet-usdt".utf8))))),
        ])
    }
}
