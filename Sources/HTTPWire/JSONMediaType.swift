/// Whether a `Content-Type` value declares JSON: `application/json`, case-insensitive, with or
/// without parameters (`; charset=utf-8`). Both planes require it of every request body, so a body
/// is never read as JSON when its sender declared a form or text.
///
///     JSONMediaType.matches("Application/JSON; charset=utf-8")  // true
///     JSONMediaType.matches("text/plain")                       // false
public enum JSONMediaType {
    public static func matches(_ value: String?) -> Bool {
        guard let value else { return false }
        let essence = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return essence.trimmingSpaces().lowercased() == "application/json"
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
