/// `GET /api/v1/wallet`: the hot wallet's address, balances, resources, last week's spending and
/// the runway that leaves. Amounts are decimal strings (USDT, TRX), never floating point.
public struct WalletReport: Sendable {
    /// Days until a balance runs out at last week's pace, to one decimal, or nil without spending.
    public struct Runway: Sendable {
        public var usdt: String?
        public var trx: String?

        public init(usdt: String?, trx: String?) {
            self.usdt = usdt
            self.trx = trx
        }
    }

    public var address: String
    public var usdtContract: String
    public var retiredAddresses: [String]
    public var trxBalance: String
    public var usdtBalance: String
    public var energyAvailable: Int64
    public var bandwidthAvailable: Int64
    public var paidLast7DaysUSDT: String
    public var feesLast7DaysTRX: String
    public var runwayDays: Runway

    public init(
        address: String, usdtContract: String, retiredAddresses: [String], trxBalance: String, usdtBalance: String,
        energyAvailable: Int64, bandwidthAvailable: Int64, paidLast7DaysUSDT: String, feesLast7DaysTRX: String,
        runwayDays: Runway
    ) {
        self.address = address
        self.usdtContract = usdtContract
        self.retiredAddresses = retiredAddresses
        self.trxBalance = trxBalance
        self.usdtBalance = usdtBalance
        self.energyAvailable = energyAvailable
        self.bandwidthAvailable = bandwidthAvailable
        self.paidLast7DaysUSDT = paidLast7DaysUSDT
        self.feesLast7DaysTRX = feesLast7DaysTRX
        self.runwayDays = runwayDays
    }

    public init(json: JSONValue) throws(JSONError) {
        let runway = try json.requiredMember("runway_days")
        var retired: [String] = []
        for a in try json.requiredArray("retired_addresses") {
            guard let s = a.string else { throw .unexpected("retired_addresses must hold strings") }
            retired.append(s)
        }
        self.init(
            address: try json.requiredString("address"), usdtContract: try json.requiredString("usdt_contract"),
            retiredAddresses: retired, trxBalance: try json.requiredString("trx_balance"),
            usdtBalance: try json.requiredString("usdt_balance"),
            energyAvailable: try json.requiredInt("energy_available"),
            bandwidthAvailable: try json.requiredInt("bandwidth_available"),
            paidLast7DaysUSDT: try json.requiredString("paid_last_7d_usdt"),
            feesLast7DaysTRX: try json.requiredString("fees_last_7d_trx"),
            runwayDays: Runway(usdt: try runway.optionalString("usdt"), trx: try runway.optionalString("trx")))
    }

    public var json: JSONValue {
        .object([
            ("address", .string(address)), ("usdt_contract", .string(usdtContract)),
            ("retired_addresses", .array(retiredAddresses.map { .string($0) })),
            ("trx_balance", .string(trxBalance)), ("usdt_balance", .string(usdtBalance)),
            ("energy_available", .int(energyAvailable)), ("bandwidth_available", .int(bandwidthAvailable)),
            ("paid_last_7d_usdt", .string(paidLast7DaysUSDT)), ("fees_last_7d_trx", .string(feesLast7DaysTRX)),
            ("runway_days", .object([("usdt", .nullable(runwayDays.usdt)), ("trx", .nullable(runwayDays.trx))])),
        ])
    }
}
