import Foundation
import LucidJSON
import Testing

@testable import Gateway

@Suite("Admin page rendering")
struct AdminPageRenderTests {
    @Test("missing sections say why; text from the wallet is escaped; charts have a bar per day")
    func rendering() {
        var s = AdminPage.Sources()
        s.stats = StatsReport(
            generatedAt: "2026-11-30T12:00:00Z", byStatus: [], windows: [],
            today: .init(count: 0, confirmed: 0, volumeUSDT: "0"), pending: 2, held: 1,
            heldByReason: [("<script>alert(1)</script>", 1)],
            limits: .init(hourlyUsed: "0", hourlyLimit: "1000", dailyUsed: "0", dailyLimit: "5000"),
            circuitBreaker: "open", paused: true,
            daily: (0..<30).map { i in
                StatsReport.Day(
                    date: "2026-11-\(String(format: "%02d", i % 28 + 1))", created: Int64(i), confirmed: Int64(i),
                    confirmedVolumeUSDT: "\(i).5", failed: 0, pending: 0)
            })
        s.missing["wallet"] = "your role may not read this"
        s.missing["network"] = "the wallet or the TRON node is unavailable"
        s.reconciliation = ReconciliationSummary(
            isClean: false, statement: "1 finding(s)", generatedAt: "2026-11-30T12:00:00Z", fromBlock: 1,
            throughBlock: 2, chainTransfers: 1, chainTotalUSDT: "1", ledgerConfirmed: 0, ledgerTotalUSDT: "0",
            findings: [
                .init(
                    kind: "paid_not_recorded", payoutID: nil, txid: nil, block: nil, chainAmountUSDT: nil,
                    ledgerAmountUSDT: nil, detail: "<b>x</b>")
            ])
        let html = AdminPage.render(s, subject: "root<x>", role: "admin")
        #expect(html.contains("Not available: your role may not read this."))
        #expect(html.contains("Not available: the wallet or the TRON node is unavailable."))
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;"))
        #expect(!html.contains("<b>x</b>") && html.contains("root&lt;x&gt;"))
        #expect(html.contains("class=bad>open</b>") && html.contains("class=bad>paused</b>"))
        #expect(html.components(separatedBy: "<rect").count - 1 == 90)
        #expect(html.contains("<title>29.5</title>"), "the last day's exact volume is the bar's title")
    }

    @Test("chart amounts are parsed exactly, without floating point")
    func exactAmounts() {
        #expect(AdminPage.micro("12.345678") == 12_345_678)
        #expect(AdminPage.micro("0.1") == 100_000)
        #expect(AdminPage.usdt(12_345_678) == "12.345678")
        #expect(AdminPage.usdt(22_750_000) == "22.75")
        #expect(AdminPage.usdt(1_000_000) == "1")
    }
}
