import Foundation

extension ReplSession {
    /// The words of a `:load`: the paths, `--type NAME` and `--date-format FMT` (also written
    /// `--type=NAME`), and `--` before paths that start with `-`. Read here rather than by the
    /// command line's parser, which the session does not depend on; the words and the messages
    /// are the command line's own, so `:load` reads as `rulecheck check` does.
    struct LoadWords {
        struct Problem: Error, CustomStringConvertible {
            let description: String
        }

        private(set) var paths: [String] = []
        /// `--type`: the record type of CSV rows, and of JSON records with no `"type"`.
        private(set) var typeName: String?
        /// `--date-format` as written, and as read.
        private(set) var dateFormatText: String?
        private(set) var dateFormat = DateFormat.iso

        private static let options = ["type", "date-format"]

        init(_ words: [String]) throws(Problem) {
            var values: [String: [String]] = [:]
            var index = 0
            var onlyPaths = false
            while index < words.count {
                let word = words[index]
                index += 1
                // A negative number (`-2`) is a path, not an option.
                let isNegativeNumber = word.count > 1 && word.dropFirst().allSatisfy(\.isNumber)
                if onlyPaths || !word.hasPrefix("-") || word == "-" || isNegativeNumber {
                    paths.append(word)
                    continue
                }
                if word == "--" {
                    onlyPaths = true
                    continue
                }
                guard word.hasPrefix("--") else {
                    // `-h` asks the command line for help; here it has always been passed over.
                    if word == "-h" { continue }
                    throw Problem(description: "unknown option `\(word)`")
                }
                var name = String(word.dropFirst(2))
                var inlineValue: String?
                if let equals = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
                guard Self.options.contains(name) else {
                    let hint = Suggest.closest("--" + name, among: Self.options.map { "--" + $0 }).map { "; did you mean `\($0)`?" } ?? ""
                    throw Problem(description: "unknown option `--\(name)`\(hint)")
                }
                if let inlineValue {
                    values[name, default: []].append(inlineValue)
                } else {
                    guard index < words.count else { throw Problem(description: "`--\(name)` needs a value") }
                    values[name, default: []].append(words[index])
                    index += 1
                }
            }
            dateFormatText = try Self.single("date-format", values)
            if let dateFormatText {
                do { dateFormat = try DateFormat(dateFormatText) } catch { throw Problem(description: "--date-format: \(error)") }
            }
            typeName = try Self.single("type", values)
        }

        private static func single(_ name: String, _ values: [String: [String]]) throws(Problem) -> String? {
            let given = values[name] ?? []
            guard given.count <= 1 else { throw Problem(description: "`--\(name)` is given more than once") }
            return given.first
        }

        /// The words with the paths made absolute, so that a journal's `:load` reads the same
        /// files whatever the directory the session is resumed in.
        func absolute() -> [String] {
            var absolute = paths.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            if let typeName { absolute += ["--type", typeName] }
            if let dateFormatText { absolute += ["--date-format", dateFormatText] }
            return absolute
        }
    }
}
