import Crypto
import Foundation
import LucidJSON

/// The `/admin` page: the wallet's figures for admins, rendered on the server as HTML with inline
/// SVG charts (daily confirmed volume, success rate, pending), readable with JavaScript disabled
/// (Tor Browser "Safest"). Like `/docs`, its only style is inline and allowed by hash; there is no
/// script. A section whose data the wallet did not give (a role without the permission, a node
/// down) says so instead of failing the page.
enum AdminPage {
    static let style = """
        body{font:15px/1.45 system-ui,sans-serif;max-width:72rem;margin:1.5rem auto;padding:0 1rem;color:#1b1b1b}
        h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.8rem;border-bottom:1px solid #ddd}
        table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #ddd;padding:.25rem .6rem;text-align:right}
        th:first-child,td:first-child{text-align:left}.ok{color:#116329}.bad{color:#a40e26;font-weight:700}
        .muted{color:#666}.grid{display:flex;flex-wrap:wrap;gap:1.5rem}.card{flex:1 1 20rem}
        code{font:13px ui-monospace,monospace;background:#f4f4f4}svg{background:#fafafa;border:1px solid #eee}
        form{display:inline}button{font:inherit}textarea{width:100%;font:12px ui-monospace,monospace}
        """

    static var contentSecurityPolicy: String {
        let hash = Data(SHA256.hash(data: Array(style.utf8))).base64EncodedString()
        return "default-src 'none'; style-src 'sha256-\(hash)'; img-src 'none'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'"
    }

    /// The wallet's answers as typed reports, or the reason a section is missing.
    struct Sources {
        var stats: StatsReport?
        var wallet: WalletReport?
        var network: NetworkReport?
        var reconciliation: ReconciliationSummary?
        var staking: StakingPlanReport?
        var missing: [String: String] = [:]
    }

    static func render(_ s: Sources, subject: String, role: String) -> String {
        var h = """
            <!doctype html><html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width,initial-scale=1">
            <title>Lucid payouts — admin</title><style>\(style)</style></head><body>
            <h1>Lucid payouts — admin</h1>
            <p class=muted>Signed in as <code>\(esc(subject))</code> (\(esc(role))).
            <form method=post action="/admin/logout"><button type=submit>Sign out</button></form>
            · <a href="/docs">API reference</a></p>
            """
        h += section("Payouts", s.stats, s.missing["stats"], payouts)
        h += section("Charts", s.stats, s.missing["stats"], charts)
        h += "<div class=grid><div class=card>"
        h += section("Hot wallet", s.wallet, s.missing["wallet"], wallet)
        h += "</div><div class=card>"
        h += section("TRON network", s.network, s.missing["network"], network)
        h += "</div></div>"
        h += section("Staking and energy", s.staking, s.missing["staking"], staking)
        h += section("Reconciliation", s.reconciliation, s.missing["reconciliation"], reconciliation)
        if let at = s.stats?.generatedAt { h += "<p class=muted>Figures as of \(esc(at)).</p>" }
        return h + "</body></html>"
    }

    static func section<Report>(_ title: String, _ data: Report?, _ missing: String?, _ body: (Report) -> String)
        -> String
    {
        guard let data else {
            return "<h2>\(esc(title))</h2><p class=muted>Not available: \(esc(missing ?? "no data")).</p>"
        }
        return "<h2>\(esc(title))</h2>" + body(data)
    }

    // MARK: Sections

    static func payouts(_ s: StatsReport) -> String {
        let breaker = s.circuitBreaker
        var h = "<p>Circuit breaker: <b class=\(breaker == "closed" ? "ok" : "bad")>\(esc(breaker))</b> · "
        h += "Payouts: <b class=\(s.paused ? "bad" : "ok")>\(s.paused ? "paused" : "running")</b> · "
        h += "Pending: <b>\(s.pending)</b> · Held: <b>\(s.held)</b></p>"
        h += "<table><tr><th>Window</th><th>Created</th><th>Volume (USDT)</th><th>Confirmed</th>"
        h += "<th>Confirmed volume</th><th>Failed</th><th>Rejected</th><th>Success rate</th>"
        h += "<th>Avg. time to confirm</th><th>Fees (TRX)</th></tr>"
        for (key, label) in [("today", "Today (UTC)"), ("7d", "Last 7 days"), ("30d", "Last 30 days")] {
            guard let w = s.window(key) else {
                h += "<tr><td>\(label)</td>" + String(repeating: "<td>—</td>", count: 9) + "</tr>"
                continue
            }
            h += "<tr><td>\(label)</td><td>\(w.count)</td><td>\(esc(w.volumeUSDT))</td>"
            h += "<td>\(w.confirmed.count)</td><td>\(esc(w.confirmed.volumeUSDT))</td>"
            h += "<td>\(w.failed)</td><td>\(w.rejected)</td>"
            h += "<td>\(w.successRatePercent.map { esc($0) + " %" } ?? "—")</td>"
            h += "<td>\(w.averageConfirmSeconds.map { esc($0) + " s" } ?? "—")</td>"
            h += "<td>\(esc(w.feesTRX))</td></tr>"
        }
        h += "</table>"
        if let byRoute = s.window("30d")?.byRoute {
            h += "<table><tr><th>Route (30 days)</th>"
            let statuses = ["scheduled", "held", "broadcast", "confirmed", "failed", "cancelled", "rejected"]
            for st in statuses { h += "<th>\(st)</th>" }
            h += "</tr>"
            for route in byRoute.sorted(by: { $0.route < $1.route }) {
                h += "<tr><td>\(esc(route.route))</td>"
                for st in statuses {
                    h += "<td>\(route.byStatus.first { $0.status == st }?.tally.count ?? 0)</td>"
                }
                h += "</tr>"
            }
            h += "</table>"
        }
        if !s.heldByReason.isEmpty {
            h += "<table><tr><th>Held because</th><th>Payouts</th></tr>"
            for (reason, count) in s.heldByReason.sorted(by: { $0.reason < $1.reason }) {
                h += "<tr><td><code>\(esc(reason))</code></td><td>\(count)</td></tr>"
            }
            h += "</table>"
        }
        let limits = s.limits
        h += "<table><tr><th>Limit</th><th>Used (USDT)</th><th>Limit (USDT)</th></tr>"
        h += "<tr><td>This hour</td><td>\(esc(limits.hourlyUsed))</td><td>\(esc(limits.hourlyLimit))</td></tr>"
        h += "<tr><td>Today</td><td>\(esc(limits.dailyUsed))</td><td>\(esc(limits.dailyLimit))</td></tr></table>"
        return h
    }

    static func charts(_ s: StatsReport) -> String {
        let days = s.daily
        let volumes = days.map { micro($0.confirmedVolumeUSDT) }
        let rates: [Int64?] = days.map { d in
            let finished = d.confirmed + d.failed
            return finished == 0 ? nil : d.confirmed * 100 / finished
        }
        let pending = days.map(\.pending)
        let first = days.first?.date ?? ""
        let last = days.last?.date ?? ""
        var h = "<div class=grid>"
        h += "<div class=card><h3>Confirmed volume per day (USDT)</h3>"
        h += bars(volumes, label: "confirmed volume", format: { usdt($0) }) + axis(first, last) + "</div>"
        h += "<div class=card><h3>Success rate per day (%)</h3>"
        h += bars(rates.map { $0 ?? 0 }, label: "success rate", maxValue: 100, format: { "\($0) %" }, gaps: rates)
        h += axis(first, last) + "</div>"
        h += "<div class=card><h3>Created and still pending, per day</h3>"
        h += bars(pending, label: "pending", format: { "\($0)" }) + axis(first, last) + "</div>"
        return h + "</div>"
    }

    /// A bar chart as inline SVG: one bar per day, a title per bar (the exact figure), the maximum
    /// labelled. `gaps` marks days without data (drawn as a faint stub).
    static func bars(
        _ values: [Int64], label: String, maxValue: Int64? = nil, format: (Int64) -> String, gaps: [Int64?]? = nil
    ) -> String {
        let width = 600
        let height = 140
        let n = max(1, values.count)
        let top = max(1, maxValue ?? values.max() ?? 1)
        let slot = Double(width) / Double(n)
        var svg = "<svg role=img aria-label=\"\(esc(label)) per day\" width=\(width) height=\(height + 16) "
        svg += "viewBox=\"0 0 \(width) \(height + 16)\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<text x=4 y=12 font-size=11 fill=\"#555\">max \(esc(format(top)))</text>"
        for (i, v) in values.enumerated() {
            let noData = gaps.map { $0[i] == nil } ?? false
            let barHeight = noData ? 2 : max(v > 0 ? 2 : 0, Int(Double(height - 20) * Double(v) / Double(top)))
            let x = Int(Double(i) * slot) + 1
            let y = height - barHeight
            let fill = noData ? "#ddd" : "#3b6fd8"
            svg += "<rect x=\(x) y=\(y) width=\(max(1, Int(slot) - 2)) height=\(barHeight) fill=\"\(fill)\">"
            svg += "<title>\(noData ? "no finished payouts" : esc(format(v)))</title></rect>"
        }
        svg += "<line x1=0 y1=\(height) x2=\(width) y2=\(height) stroke=\"#999\"/></svg>"
        return svg
    }

    static func axis(_ first: String, _ last: String) -> String {
        "<p class=muted>\(esc(first)) … \(esc(last))</p>"
    }

    static func wallet(_ w: WalletReport) -> String {
        func days(_ v: String?) -> String { v.map { "\(esc($0)) days" } ?? "— (no recent spending)" }
        return """
            <table><tr><td>Address</td><td><code>\(esc(w.address))</code></td></tr>
            <tr><td>USDT</td><td>\(esc(w.usdtBalance))</td></tr>
            <tr><td>TRX</td><td>\(esc(w.trxBalance))</td></tr>
            <tr><td>Energy available</td><td>\(w.energyAvailable)</td></tr>
            <tr><td>Bandwidth available</td><td>\(w.bandwidthAvailable)</td></tr>
            <tr><td>Paid, last 7 days</td><td>\(esc(w.paidLast7DaysUSDT)) USDT</td></tr>
            <tr><td>Runway, USDT</td><td>\(days(w.runwayDays.usdt))</td></tr>
            <tr><td>Runway, TRX</td><td>\(days(w.runwayDays.trx))</td></tr></table>
            """
    }

    static func network(_ n: NetworkReport) -> String {
        """
        <table><tr><td>Network</td><td>\(esc(n.network))</td></tr>
        <tr><td>Head block</td><td>\(n.headBlock.number)</td></tr>
        <tr><td>Solid block</td><td>\(n.solidBlock.number)</td></tr>
        <tr><td>Solidity lag</td><td>\(n.solidLagBlocks) blocks</td></tr>
        <tr><td>Energy price</td><td>\(n.energyPriceSun.map { "\($0) sun" } ?? "—")</td></tr>
        <tr><td>Node latency</td><td>\(n.nodeLatencyMs) ms</td></tr></table>
        """
    }

    static func staking(_ p: StakingPlanReport) -> String {
        let verdict =
            p.covered
            ? "<p class=ok>The stake covers a day's payouts.</p>"
            : "<p class=bad>The stake does not cover a day's payouts: \(esc(p.trxBurnedPerDay)) TRX a day is burned for energy; "
                + "stake \(str(p.additionalStakeTRX)) TRX more to cover it.</p>"
        return verdict + """
            <table><tr><td>Energy a day from stake</td><td>\(p.energyPerDayFromStake)</td></tr>
            <tr><td>Energy available now</td><td>\(p.energyAvailableNow)</td></tr>
            <tr><td>Energy the payouts need a day</td><td>\(p.energyNeededPerDay)</td></tr>
            <tr><td>Staked for energy</td><td>\(esc(p.stakedEnergyTRX)) TRX</td></tr>
            <tr><td>Payouts a day (last \(p.days) days)</td><td>\(p.payoutsPerDay)</td></tr>
            <tr><td>To first-time recipients</td><td>\(p.newRecipientPercent) %</td></tr>
            <tr><td>TRX burned for energy, last \(p.days) days</td><td>\(esc(p.trxBurnedForEnergy))</td></tr>
            <tr><td>Average cost of a payout</td><td>\(esc(p.averageCostPerPayoutTRX)) TRX</td></tr>
            <tr><td>Waiting payouts</td><td>\(p.queuePayouts) (\(p.queueEnergy) energy)</td></tr></table>
            """
    }

    static func reconciliation(_ r: ReconciliationSummary) -> String {
        var h = "<p class=\(r.isClean ? "ok" : "bad")>\(esc(r.statement))</p>"
        if !r.findings.isEmpty {
            h += "<table><tr><th>Finding</th><th>Payout</th><th>Transaction</th><th>Detail</th></tr>"
            for f in r.findings.prefix(50) {
                h += "<tr><td>\(esc(f.kind))</td><td><code>\(str(f.payoutID))</code></td>"
                h += "<td><code>\(str(f.txid))</code></td><td>\(esc(f.detail))</td></tr>"
            }
            h += "</table>"
        }
        return h
    }

    // MARK: Text

    /// The escaped string, or "—".
    static func str(_ v: String?) -> String { v.map(esc) ?? "—" }

    /// A decimal USDT string as micro-USDT, exactly (charts only; never used for money movement).
    static func micro(_ s: String) -> Int64 {
        let parts = s.split(separator: ".", maxSplits: 1)
        guard let whole = Int64(parts.first ?? "0") else { return 0 }
        let fraction = parts.count > 1 ? String(parts[1].prefix(6)) : ""
        let padded = fraction + String(repeating: "0", count: 6 - fraction.count)
        return whole * 1_000_000 + (Int64(padded) ?? 0)
    }

    /// Micro-USDT as a decimal string.
    static func usdt(_ micro: Int64) -> String {
        let whole = micro / 1_000_000
        var fraction = String(micro % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole)" : "\(whole).\(fraction)"
    }

    static func esc(_ s: String) -> String { DocsPage.esc(s) }

    /// The login form (also shown with an error after a refused token).
    static func login(error: String?) -> String {
        """
        <!doctype html><html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width,initial-scale=1">
        <title>Lucid payouts — admin sign-in</title><style>\(style)</style></head><body>
        <h1>Admin sign-in</h1>
        \(error.map { "<p class=bad>\(esc($0))</p>" } ?? "")
        <p>Paste an admin access token (for example from <code>lucidctl token issue --role admin --ttl 900</code>).
        It is kept in a secure, HttpOnly cookie until it expires; no script runs on these pages.</p>
        <form method=post action="/admin/login"><textarea name=token rows=6 required></textarea><br>
        <button type=submit>Sign in</button></form></body></html>
        """
    }
}
