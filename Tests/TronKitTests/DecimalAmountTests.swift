import Testing
import TronKit

@Suite("Exact decimal amounts")
struct DecimalAmountTests {
    @Test(
        "valid amounts parse exactly",
        arguments: [
            ("0", Int64(0)), ("1", 1_000_000), ("0.01", 10_000), ("0.000001", 1), ("12.5", 12_500_000),
            ("1000", 1_000_000_000), ("0.1", 100_000), ("9223372036854.775807", Int64.max),
        ])
    func valid(_ text: String, _ micro: Int64) throws {
        #expect(try MicroUSDT(parsing: text).value == micro)
    }

    @Test(
        "invalid amounts are rejected",
        arguments: [
            "", " 1", "1 ", "+1", "-1", "1e3", "1E-2", "0x10", ".5", "5.", "1.2.3", "01", "00.1", "1.0000001",
            "9223372036854.775808", "99999999999999999999", "1,5", "١", "NaN", "Infinity", "1_000", "0.5\n",
        ])
    func invalid(_ text: String) {
        #expect(throws: TronKitError.self) { try MicroUSDT(parsing: text) }
    }

    @Test(
        "formatting is the shortest exact decimal",
        arguments: [
            (Int64(0), "0"), (1, "0.000001"), (10_000, "0.01"), (12_500_000, "12.5"), (1_000_000, "1"),
            (-1_500_000, "-1.5"),
        ]
    )
    func format(_ micro: Int64, _ text: String) {
        #expect(MicroUSDT(micro).decimalString == text)
    }

    @Test("format and parse round-trip")
    func roundTrip() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let v = Int64.random(in: 0...Int64.max, using: &rng)
            #expect(try MicroUSDT(parsing: MicroUSDT(v).decimalString).value == v)
        }
    }

    @Test func sunAndOverflow() throws {
        #expect(try Sun(parsing: "0.345").value == 345_000)
        #expect(throws: TronKitError.self) { try MicroUSDT(Int64.max).adding(MicroUSDT(1)) }
    }
}
