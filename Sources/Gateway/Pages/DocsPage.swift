import Crypto
import Foundation

/// The `/docs` page: an HTML reference rendered on the server from the spec, readable with
/// JavaScript disabled (Tor Browser "Safest"). Its only style sheet is inline and allowed by hash in
/// the page's Content-Security-Policy; there is no script at all.
enum DocsPage {
    static let style = """
        body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
        code,pre{font:13px ui-monospace,monospace;background:#f4f4f4}pre{padding:.6rem;overflow:auto}
        .op{border:1px solid #ddd;border-radius:6px;margin:1rem 0;padding:.2rem 1rem}
        .m{font-weight:700;padding:0 .4rem;border-radius:3px;background:#e8eefc}
        table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
        nav li{list-style:none}
        """

    /// `Content-Security-Policy` for the page: nothing but its own inline style.
    static var contentSecurityPolicy: String {
        let hash = Data(SHA256.hash(data: Array(style.utf8))).base64EncodedString()
        return "default-src 'none'; style-src 'sha256-\(hash)'; img-src 'none'; form-action 'none'; "
            + "frame-ancestors 'none'; base-uri 'none'"
    }

    static func render(_ tree: Any) -> String {
        let root = tree as? [String: Any] ?? [:]
        let info = root["info"] as? [String: Any] ?? [:]
        let paths = root["paths"] as? [String: Any] ?? [:]
        var html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width,initial-scale=1">
            <title>\(esc(info["title"] as? String ?? "API")) reference</title><style>\(style)</style></head><body>
            <h1>\(esc(info["title"] as? String ?? "API")) <small>\(esc(info["version"] as? String ?? ""))</small></h1>
            <pre>\(esc(info["description"] as? String ?? ""))</pre>
            <p>Machine-readable: <a href="/openapi.yaml">openapi.yaml</a> · <a href="/openapi.json">openapi.json</a></p>
            <h2>Operations</h2><nav><ul>
            """
        let methods = ["get", "put", "post", "delete", "patch"]
        var ops: [(String, String, [String: Any])] = []
        for path in paths.keys.sorted() {
            guard let item = paths[path] as? [String: Any] else { continue }
            for m in methods { if let op = item[m] as? [String: Any] { ops.append((m.uppercased(), path, op)) } }
        }
        for (m, p, op) in ops {
            let id = op["operationId"] as? String ?? ""
            html += "<li><a href=\"#\(esc(id))\"><span class=m>\(m)</span> <code>\(esc(p))</code></a> "
            html += "\(esc(op["summary"] as? String ?? ""))</li>"
        }
        html += "</ul></nav>"
        for (m, p, op) in ops {
            let id = op["operationId"] as? String ?? ""
            html += "<section class=op id=\"\(esc(id))\"><h3><span class=m>\(m)</span> <code>\(esc(p))</code></h3>"
            html += "<p><b>\(esc(op["summary"] as? String ?? ""))</b></p>"
            if let d = op["description"] as? String { html += "<p>\(esc(d))</p>" }
            if op["x-public"] as? Bool == true {
                html += "<p>No token needed.</p>"
            } else if let perm = op["x-permission"] as? String {
                html += "<p>Bearer token with permission <code>\(esc(perm))</code>.</p>"
            }
            if let rl = op["x-rate-limit"] as? String { html += "<p>Rate-limit class <code>\(esc(rl))</code>.</p>" }
            if let params = op["parameters"] as? [Any], !params.isEmpty {
                html +=
                    "<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>description</th></tr>"
                for raw in params {
                    let param = resolve(raw, root)
                    html += "<tr><td><code>\(esc(param["name"] as? String ?? ""))</code></td>"
                    html += "<td>\(esc(param["in"] as? String ?? ""))</td>"
                    html += "<td>\(param["required"] as? Bool == true ? "yes" : "no")</td>"
                    html += "<td>\(esc(param["description"] as? String ?? ""))</td></tr>"
                }
                html += "</table>"
            }
            if let body = op["requestBody"] as? [String: Any], let content = body["content"] as? [String: Any] {
                for (type, media) in content.sorted(by: { $0.key < $1.key }) {
                    html += "<h4>Request body <code>\(esc(type))</code></h4>"
                    if let schema = (media as? [String: Any])?["schema"] {
                        html += "<pre>\(esc(describe(schema, root, depth: 0)))</pre>"
                    }
                }
            }
            if let responses = op["responses"] as? [String: Any] {
                html += "<h4>Responses</h4><table><tr><th>status</th><th>meaning</th></tr>"
                for code in responses.keys.sorted() {
                    let r = resolve(responses[code] as Any, root)
                    html += "<tr><td>\(esc(code))</td><td>\(esc(r["description"] as? String ?? ""))</td></tr>"
                }
                html += "</table>"
            }
            html += "</section>"
        }
        return html + "</body></html>\n"
    }

    private static func resolve(_ value: Any, _ root: [String: Any]) -> [String: Any] {
        guard let dict = value as? [String: Any] else { return [:] }
        guard let ref = dict["$ref"] as? String, ref.hasPrefix("#/") else { return dict }
        var node: Any = root
        for part in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] ?? [:] }
        return node as? [String: Any] ?? [:]
    }

    /// A compact, human-readable outline of a schema (fields, types, required marks).
    private static func describe(_ value: Any, _ root: [String: Any], depth: Int) -> String {
        let schema = resolve(value, root)
        let pad = String(repeating: "  ", count: depth)
        guard depth < 4 else { return pad + "…" }
        if let props = schema["properties"] as? [String: Any] {
            let required = Set(schema["required"] as? [String] ?? [])
            var lines: [String] = []
            for name in props.keys.sorted() {
                let p = resolve(props[name] as Any, root)
                var line = "\(pad)\(name)\(required.contains(name) ? " (required)" : ""): \(typeName(p))"
                if let d = p["description"] as? String { line += " — \(d)" }
                lines.append(line)
                if p["properties"] != nil { lines.append(describe(p, root, depth: depth + 1)) }
                if let items = p["items"] { lines.append(describe(items, root, depth: depth + 1)) }
            }
            return lines.joined(separator: "\n")
        }
        return pad + typeName(schema)
    }

    private static func typeName(_ s: [String: Any]) -> String {
        if let e = s["enum"] as? [Any] { return "one of " + e.map { "\($0)" }.joined(separator: ", ") }
        if let c = s["const"] { return "\"\(c)\"" }
        if let t = s["type"] as? String { return t }
        if let t = s["type"] as? [Any] { return t.map { "\($0)" }.joined(separator: " | ") }
        if s["oneOf"] != nil { return "string or number" }
        return "object"
    }

    static func esc(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
