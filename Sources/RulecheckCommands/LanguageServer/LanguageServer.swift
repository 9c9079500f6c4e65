import Charter
import Foundation

/// A Language Server Protocol (3.17) server for a Charter rulebook, as a pure function of the
/// messages it is given: each call to `receive` takes one message body and returns the
/// messages to send back (responses, diagnostics, log messages). The stdio loop of
/// `rulecheck lsp` frames them; tests feed transcripts. Requests are answered in order and at
/// once, so by the time a `$/cancelRequest` arrives there is nothing left to cancel.
public final class LanguageServer {
    /// JSON-RPC and LSP error codes.
    enum ErrorCode {
        static let parseError = -32700
        static let invalidRequest = -32600
        static let methodNotFound = -32601
        static let invalidParams = -32602
        static let serverNotInitialized = -32002
        static let requestFailed = -32803
    }

    /// The rule folders given on the command line; nil to take the workspace's `rules/`.
    let configuredRules: [String]?
    /// The folders and files that make up the rulebook.
    var rulesPaths: [String] = []
    var initialized = false
    var shutdownRequested = false
    /// The exit status once `exit` arrived: 0 after `shutdown`, else 1.
    public private(set) var exitStatus: Int32?

    /// Open documents by path: what the editor holds, which wins over the disk.
    var documents: [String: String] = [:]
    /// The last check of the rulebook.
    var state = RulebookState()
    /// The paths diagnostics were last published for, so that a file that leaves is cleared.
    var published: Set<String> = []

    public init(rules: [String]? = nil) {
        configuredRules = rules
    }

    /// The messages to send in reply to one message body.
    public func receive(_ body: [UInt8]) -> [JSON] {
        switch JSONReader.parse(body) {
        case .failure(let failure):
            return [Self.error(id: .null, ErrorCode.parseError, "the message is not JSON: \(failure)")]
        case .success(let message):
            return receive(message)
        }
    }

    /// The messages to send in reply to one message.
    func receive(_ message: JSONValue) -> [JSON] {
        guard case .object = message, let method = message["method"]?.stringValue else {
            if case .object = message, message["id"] != nil, message["method"] == nil {
                return []  // a response to a request of ours; we send none that need one
            }
            return [Self.error(id: message["id"]?.json ?? .null, ErrorCode.invalidRequest, "a message needs a `method`")]
        }
        let params = message["params"]
        guard let id = message["id"]?.json else {
            return notification(method, params)
        }
        if exitStatus != nil { return [] }
        if !initialized, method != "initialize" {
            return [Self.error(id: id, ErrorCode.serverNotInitialized, "`\(method)` before `initialize`")]
        }
        if shutdownRequested {
            return [Self.error(id: id, ErrorCode.invalidRequest, "`\(method)` after `shutdown`")]
        }
        do {
            return try request(method, params, id: id)
        } catch let failure as RequestFailure {
            return [Self.error(id: id, failure.code, failure.message)]
        } catch {
            return [Self.error(id: id, ErrorCode.requestFailed, "\(error)")]
        }
    }

    /// A request that cannot be answered, with the error code to answer it with.
    struct RequestFailure: Error {
        let code: Int
        let message: String

        static func invalidParams(_ message: String) -> RequestFailure {
            RequestFailure(code: ErrorCode.invalidParams, message: message)
        }
    }

    private func request(_ method: String, _ params: JSONValue?, id: JSON) throws -> [JSON] {
        switch method {
        case "initialize":
            guard !initialized else {
                return [Self.error(id: id, ErrorCode.invalidRequest, "`initialize` was already received")]
            }
            initialized = true
            rulesPaths = configuredRules ?? Self.rulesPaths(params)
            return [Self.response(id: id, Self.initializeResult)] + recheck()
        case "shutdown":
            shutdownRequested = true
            return [Self.response(id: id, .null)]
        case "textDocument/hover": return [Self.response(id: id, try hover(params))]
        case "textDocument/definition": return [Self.response(id: id, try definition(params))]
        case "textDocument/references": return [Self.response(id: id, try references(params))]
        case "textDocument/prepareRename": return [Self.response(id: id, try prepareRename(params))]
        case "textDocument/rename": return [Self.response(id: id, try rename(params))]
        case "textDocument/documentSymbol": return [Self.response(id: id, try documentSymbols(params))]
        case "textDocument/completion": return [Self.response(id: id, try completion(params))]
        case "textDocument/codeAction": return [Self.response(id: id, try codeActions(params))]
        case "textDocument/formatting": return [Self.response(id: id, try formatting(params))]
        default:
            return [Self.error(id: id, ErrorCode.methodNotFound, "no method `\(method)`")]
        }
    }

    private func notification(_ method: String, _ params: JSONValue?) -> [JSON] {
        if method == "exit" {
            exitStatus = shutdownRequested ? 0 : 1
            return []
        }
        guard initialized, exitStatus == nil else { return [] }
        switch method {
        case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration":
            return []
        case "textDocument/didOpen", "textDocument/didChange", "textDocument/didSave", "textDocument/didClose":
            do {
                try document(method, params)
            } catch let failure as RequestFailure {
                return [Self.log(failure.message)]
            } catch {
                return [Self.log("\(error)")]
            }
            return recheck()
        case "workspace/didChangeWatchedFiles":
            return recheck()
        default:
            // Notifications the server does not know are ignored, as the protocol asks.
            return []
        }
    }

    /// What the server does, stated to the client.
    static let initializeResult: JSON = .object([
        ("capabilities", .object([
            ("positionEncoding", .string("utf-16")),
            ("textDocumentSync", .object([
                ("openClose", .bool(true)),
                ("change", .integer(2)),
                ("save", .object([("includeText", .bool(true))])),
            ])),
            ("hoverProvider", .bool(true)),
            ("definitionProvider", .bool(true)),
            ("referencesProvider", .bool(true)),
            ("renameProvider", .object([("prepareProvider", .bool(true))])),
            ("documentSymbolProvider", .bool(true)),
            ("documentFormattingProvider", .bool(true)),
            ("completionProvider", .object([("triggerCharacters", .array([.string("."), .string(">")]))])),
            ("codeActionProvider", .object([("codeActionKinds", .array([.string("quickfix")]))])),
        ])),
        ("serverInfo", .object([("name", .string("rulecheck")), ("version", .string(Driver.version))])),
    ])

    /// The workspace's `rules/` folders (or the folders themselves when they have none), from
    /// `workspaceFolders`, else `rootUri`, else `rootPath`.
    static func rulesPaths(_ params: JSONValue?) -> [String] {
        var roots: [String] = []
        if let folders = params?["workspaceFolders"]?.arrayValue {
            roots = folders.compactMap { $0["uri"]?.stringValue.flatMap(path(ofURI:)) }
        }
        if roots.isEmpty, let uri = params?["rootUri"]?.stringValue, let root = path(ofURI: uri) { roots = [root] }
        if roots.isEmpty, let root = params?["rootPath"]?.stringValue { roots = [root] }
        return roots.map { root in
            let rules = (root as NSString).appendingPathComponent("rules")
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: rules, isDirectory: &isDirectory) && isDirectory.boolValue ? rules : root
        }
    }

    // MARK: - Messages

    static func response(id: JSON, _ result: JSON) -> JSON {
        .object([("jsonrpc", .string("2.0")), ("id", id), ("result", result)])
    }

    static func error(id: JSON, _ code: Int, _ message: String) -> JSON {
        .object([("jsonrpc", .string("2.0")), ("id", id),
                 ("error", .object([("code", .integer(code)), ("message", .string(message))]))])
    }

    static func notification(_ method: String, _ params: JSON) -> JSON {
        .object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)])
    }

    /// A `window/logMessage` of type warning.
    static func log(_ message: String) -> JSON {
        notification("window/logMessage", .object([("type", .integer(2)), ("message", .string(message))]))
    }

    // MARK: - URIs

    /// The file path of a `file:` URI; nil for another scheme.
    static func path(ofURI uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        return url.standardizedFileURL.path
    }

    static func uri(ofPath path: String) -> String {
        URL(fileURLWithPath: path).absoluteString
    }
}
