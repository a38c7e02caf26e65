import Foundation
import Testing

@testable import Gateway

@Suite("Admin page rendering")
struct AdminPageRenderTests {
    @Test("missing sections say why; text from the wallet is escaped; charts have a bar per day")
    func rendering() {
        var s = AdminPage.Sources()
        s.stats = [
            "pending": 2, "held": 1, "circuit_breaker": "open", "paused": true,
            "held_by_reason": ["<script>alert(1)</script>": 1],
            "daily": (0..<30).map { i in
                [
                    "date": "2026-11-\(String(format: "%02d", i % 28 + 1))", "confirmed": i, "failed": 0, "pending": 0,
                    "confirmed_volume_usdt": "\(i).5",
                ] as [String: Any]
            },
        ]
        s.missing["wallet"] = "your role may not read this"
        s.missing["network"] = "the wallet or the TRON node is unavailable"
        s.reconciliation = [
            "status": "findings", "statement": "1 finding(s)",
            "findings": [["kind": "paid_not_recorded", "detail": "<b>x</b>"]],
        ]
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
